// Type tests of the public filter and options types: checked by `tsc`, never run.
import type { FindFilter } from '../src/find-filter.ts';
import type { FindOptionsInput } from '../src/find-options.ts';
import type { RecordInput } from '../src/record-input.ts';

export const filters: FindFilter[] = [
  { recordKey: 'a', key1: ['a', 'b'], key2: { $not: null }, key3: { $like: 'x' } },
  { rangeKey1: { $gt: 1, $lte: 5 }, version: { $not: [1, 2] }, expiresAt: null },
  { createdAt: { $gte: new Date(), $lt: '2030-01-01' }, searchKeys: 'abc' },
  { $or: [{ key1: 'a' }, { serviceKey2: ['b'] }] },
  // @ts-expect-error: createdAt is never null
  { createdAt: null },
  // @ts-expect-error: $like only on key1..key20
  { profileKey: { $like: 'x' } },
  // @ts-expect-error: no key21
  { key21: 'a' },
  // @ts-expect-error: $or items take string keys only
  { $or: [{ rangeKey1: 1 }, { key1: 'a' }] },
];

export const options: FindOptionsInput[] = [
  { limit: 10, offset: 0, sort: [{ key1: 'asc' }, { rangeKey10: 'desc' }, { createdAt: 'asc' }] },
  // @ts-expect-error: not a sort field
  { sort: [{ recordKey: 'asc' }] },
];

export const records: RecordInput[] = [
  { recordKey: 'k', body: null, key20: 'a', rangeKey10: 1, expiresAt: '2030-01-01' },
  // @ts-expect-error: recordKey is required
  { body: 'b' },
  // @ts-expect-error: range keys are numbers
  { recordKey: 'k', rangeKey1: '1' },
];
