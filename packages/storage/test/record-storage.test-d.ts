// Type tests of RecordStorage's public results: checked by `tsc`, never run.
import type { HttpResponseInfo } from '@residency/transport';
import type {
  FindOneResult,
  FindResult,
  Record,
  RecordResult,
  RecordStorage,
} from '../src/index.ts';

declare const storage: RecordStorage;

export async function results(): Promise<void> {
  const written: RecordResult = await storage.write('us', { recordKey: 'k', rangeKey1: 1 });
  const key: string = written.record.recordKey;
  const info: HttpResponseInfo | undefined = written.httpResponse;
  const found: FindResult = await storage.find('us', { key1: 'a' }, { limit: 5 });
  const first: Record | undefined = found.records[0];
  const one: FindOneResult = await storage.findOne('us', {}, { offset: 1 });
  // findOne narrows on `record`: a miss in debug mode is `{ record: null, httpResponse }`.
  const record: Record | null | undefined = one?.record;
  for await (const item of storage.iterate('us', {}, { pageSize: 10 })) {
    const iterated: Record = item;
    void iterated;
  }
  const keyOf: 'httpResponse' = (await import('../src/index.ts')).RecordStorage.HTTP_DEBUG_KEY;
  void [key, info, first, record, keyOf];
  // @ts-expect-error: findOne takes no limit
  await storage.findOne('us', {}, { limit: 1 });
  // @ts-expect-error: iterate takes pageSize, not limit
  storage.iterate('us', {}, { limit: 1 });
  // @ts-expect-error: range keys are numbers or bigints, never strings
  await storage.write('us', { recordKey: 'k', rangeKey1: '1' });
}

export async function int64RangeKeys(): Promise<void> {
  // Written as a number or a bigint, in records and in every filter form.
  const written = await storage.write('us', { recordKey: 'k', rangeKey1: 2n ** 63n - 1n });
  await storage.batchWrite('us', [
    { recordKey: 'k', rangeKey2: 5 },
    { recordKey: 'j', rangeKey2: 5n },
  ]);
  await storage.find('us', { rangeKey1: { $gte: 1n, $lt: 2 }, rangeKey2: [1n, 2], rangeKey3: 1n });
  await storage.find('us', { rangeKey4: { $not: [1n, 2] }, version: { $gt: 1n } });
  // Read as number | bigint: a caller must handle both (the widened read type).
  const read: number | bigint | null = written.record.rangeKey1;
  // @ts-expect-error: a range key read may be a bigint, not only a number
  const onlyNumber: number | null = written.record.rangeKey1;
  void [read, onlyNumber];
  // @ts-expect-error: filters take numbers or bigints, never strings
  await storage.find('us', { rangeKey1: { $gt: '1' } });
}
