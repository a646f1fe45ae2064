// Client and server check find filters with one grammar (@residency/protocol): the SDK's
// `buildFindFilter` and the server's `parseFindFilter` are fed the same generated filters,
// valid and invalid, and must agree on every one: accepted by both or refused by both. The
// client is set up so that it sends operands as given (plain search keys, a hash that returns
// its input), so both sides see the same values.

import { buildFindFilter, type FindFilterContext } from '@residency/storage';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFindFilter } from '../src/find/find-filter.ts';

/** Wire field → the SDK's name for it. */
const FIELDS: Readonly<Record<string, string>> = {
  key1: 'key1',
  key2: 'key2',
  record_key: 'recordKey',
  service_key1: 'serviceKey1',
  range_key1: 'rangeKey1',
  version: 'version',
  expires_at: 'expiresAt',
  created_at: 'createdAt',
};
const OR_FIELDS = ['key1', 'key2', 'record_key', 'service_key1'];
const OPERATORS = ['$not', '$like', '$gt', '$gte', '$lt', '$lte', '$in'];

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('', 'a', 'abc', 'x'.repeat(256), 'x'.repeat(257), '😀'.repeat(256)),
  fc.constantFrom(0, -5, 7, 2 ** 53, 1.5, 10n, 2n ** 63n, -(2n ** 63n)),
  fc.constantFrom('2021-08-11T12:36:52.607Z', '2021-08-11T12:36:52+02:00', '2021-08-11', 'no'),
  fc.constantFrom(null, true),
);
// Lists past the limits too: 1001 values (at most 1000 per field).
const operand = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.constant(Array.from({ length: 1001 }, (_, index) => index)),
);
const operatorObject = fc.dictionary(fc.constantFrom(...OPERATORS), operand, { maxKeys: 3 });
const fieldValue = fc.oneof(operand, operatorObject);

function fieldsOf(names: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fc.constantFrom(...names), fieldValue, { maxKeys: 3 });
}

const filter: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fieldsOf(Object.keys(FIELDS)),
    fc.option(
      fc.oneof(
        fc.array(fieldsOf(OR_FIELDS), { maxLength: 3 }),
        // Past the most sub-filters of `$or` (100).
        fc.constant(Array.from({ length: 101 }, () => ({ key1: 'a' }))),
      ),
      { nil: undefined },
    ),
    fc.option(fc.constantFrom('ab', 'abc', '😀😀', 's'.repeat(201), 7), { nil: undefined }),
  )
  .map(([fields, or, searchKeys]) => ({
    ...fields,
    ...(or === undefined ? {} : { $or: or }),
    ...(searchKeys === undefined ? {} : { search_keys: searchKeys }),
  }));

function toClient(wire: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(wire).map(([field, value]) => {
      if (field === '$or') return [field, (value as Record<string, unknown>[]).map(toClient)];
      return [field === 'search_keys' ? 'searchKeys' : (FIELDS[field] ?? field), value];
    }),
  );
}

const CLIENT: FindFilterContext = {
  hashKey: (_field, value) => value,
  encryption: 'LOCAL',
  hashSearchKeys: false,
};

function verdict(check: () => unknown): 'accepted' | 'refused' {
  try {
    check();
    return 'accepted';
  } catch {
    return 'refused';
  }
}

describe('find filter verdicts', () => {
  it('are the same on the client and on the server', () => {
    fc.assert(
      fc.property(filter, (wire) => {
        const client = verdict(() => buildFindFilter(toClient(wire), CLIENT));
        const server = verdict(() => parseFindFilter(wire, { toStored: (_field, value) => value }));
        expect({ wire, client }).toEqual({ wire, client: server });
      }),
      { numRuns: 2000 },
    );
  });

  it('see both valid and invalid filters', () => {
    const verdicts = fc
      .sample(filter, 500)
      .map((wire) => verdict(() => parseFindFilter(wire, { toStored: (_f, value) => value })));
    expect(verdicts).toContain('accepted');
    expect(verdicts).toContain('refused');
  });
});
