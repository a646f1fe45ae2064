// RecordStorage's find, findOne and iterate: the wire filter and options, decoding with
// failures kept apart, and paging past the 100-record limit over an in-memory PoP.
import { hashKey } from '@residency/crypto';
import {
  InputValidationError,
  SecretsValidationError,
  StorageCryptoError,
  StorageNetworkError,
} from '@residency/errors';
import type { ServerRecord } from '@residency/protocol';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Record } from '../src/index.ts';
import { ENV } from './support/codecs.ts';
import { findServer } from './support/find-server.ts';
import {
  anyRequest,
  createHarness,
  foreignCipher,
  popHandler,
  stored,
  tokens,
} from './support/storage-harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const hash = (value: string) => hashKey(value, ENV);
const findAnswer = (data: unknown[], total = data.length) =>
  Response.json({ meta: { count: data.length, limit: 100, offset: 0, total }, data });

describe('RecordStorage.find', () => {
  it('sends the hashed filter and the options, and decrypts the records', async () => {
    const { storage, codec } = createHarness();
    const rows = [await stored(codec, { recordKey: 'a', body: 'A', key1: 'x' })];
    const find = popHandler('POST', 'us', '/find', () => findAnswer(rows, 31));
    server.use(tokens().handler, find.handler);

    const result = await storage.find(
      'us',
      { key1: 'x', profileKey: ['p1', 'p2'], rangeKey1: { $gte: 3 }, version: { $not: 1 } },
      { limit: 10, offset: 20, sort: [{ createdAt: 'desc' }, { rangeKey1: 'asc' }] },
    );

    expect(find.calls[0]?.body).toEqual({
      filter: {
        key1: hash('x'),
        profile_key: [hash('p1'), hash('p2')],
        range_key1: { $gte: 3 },
        version: { $not: 1 },
      },
      options: { limit: 10, offset: 20, sort: [{ created_at: 'desc' }, { range_key1: 'asc' }] },
    });
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({ recordKey: 'a', body: 'A', key1: 'x' });
    expect(result.meta).toEqual({ count: 1, limit: 100, offset: 0, total: 31 });
    expect(result.errors).toBeUndefined();
  });

  it('sends an empty filter and the default options when given none', async () => {
    const { storage } = createHarness();
    const find = popHandler('POST', 'us', '/find', () => findAnswer([]));
    server.use(tokens().handler, find.handler);

    const result = await storage.find('us');

    expect(find.calls[0]?.body).toEqual({ filter: {}, options: { limit: 100, offset: 0 } });
    expect(result.records).toEqual([]);
  });

  it('puts records that cannot be decrypted into errors with their raw data', async () => {
    const { storage, codec } = createHarness();
    const foreign = createHarness({ cipher: foreignCipher() }).codec;
    const good = await stored(codec, { recordKey: 'a', body: 'A' });
    const bad = await stored(foreign, { recordKey: 'b', body: 'B' });
    const tampered = { ...good, record_key: hash('c'), body: '2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
    const unknownVersion = { ...good, record_key: hash('d'), version: 9 };
    const rows = [bad, good, tampered, unknownVersion];
    server.use(tokens().handler, popHandler('POST', 'us', '/find', () => findAnswer(rows)).handler);

    const result = await storage.find('us');

    expect(result.records.map((record) => record.body)).toEqual(['A']);
    expect(result.errors?.map((entry) => entry.rawData)).toEqual([bad, tampered, unknownVersion]);
    const [wrongSecret, altered, missing] = (result.errors ?? []).map((entry) => entry.error);
    expect(wrongSecret).toBeInstanceOf(StorageCryptoError);
    expect(altered).toBeInstanceOf(StorageCryptoError);
    expect(missing).toBeInstanceOf(SecretsValidationError);
    expect(result.meta.count).toBe(4);
  });
});

describe('RecordStorage.findOne', () => {
  it('asks for one record and returns it', async () => {
    const { storage, codec } = createHarness();
    const row = await stored(codec, { recordKey: 'a', body: 'A' });
    const find = popHandler('POST', 'us', '/find', () => findAnswer([row]));
    server.use(tokens().handler, find.handler);

    const result = await storage.findOne(
      'us',
      { recordKey: 'a' },
      { offset: 2, sort: [{ rangeKey2: 'asc' }] },
    );

    expect(find.calls[0]?.body).toEqual({
      filter: { record_key: hash('a') },
      options: { limit: 1, offset: 2, sort: [{ range_key2: 'asc' }] },
    });
    expect(result?.record).toMatchObject({ recordKey: 'a', body: 'A' });
  });

  it('returns null when nothing matched, and { record: null, httpResponse } in debug mode', async () => {
    server.use(tokens().handler, popHandler('POST', 'us', '/find', () => findAnswer([])).handler);

    expect(await createHarness().storage.findOne('us', { key2: 'none' })).toBeNull();
    const debug = await createHarness({ debug: true }).storage.findOne('us');
    expect(debug).toMatchObject({ record: null, httpResponse: { status: 200, method: 'POST' } });
  });

  it('throws when the one match cannot be decrypted', async () => {
    const foreign = createHarness({ cipher: foreignCipher() }).codec;
    const bad = await stored(foreign, { recordKey: 'b', body: 'B' });
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/find', () => findAnswer([bad])).handler,
    );

    await expect(createHarness().storage.findOne('us')).rejects.toThrow(StorageCryptoError);
  });

  it('refuses a limit option', async () => {
    const calls = anyRequest();
    server.use(...calls.map((recorder) => recorder.handler));
    const findOne = createHarness().storage.findOne('us', {}, { limit: 5 } as never);
    await expect(findOne).rejects.toThrow(expect.objectContaining({ path: 'options.limit' }));
    expect(calls.flatMap((recorder) => recorder.calls)).toEqual([]);
  });
});

describe('RecordStorage.iterate', () => {
  const TOTAL = 250;
  let rows: ServerRecord[] = [];
  beforeAll(async () => {
    const { codec } = createHarness();
    const created = await Promise.all(
      Array.from({ length: TOTAL }, (_, index) => {
        const createdAt = new Date(Date.UTC(2024, 0, 1, 0, 0, index)).toISOString();
        const key = `user-${String(index).padStart(3, '0')}`;
        return stored(
          codec,
          { recordKey: key, body: `body ${index}`, rangeKey1: index % 7 },
          createdAt,
        );
      }),
    );
    // Stored out of order: only the sort makes the iteration ordered.
    rows = [
      ...created.filter((_, index) => index % 2 === 1),
      ...created.filter((_, index) => index % 2 === 0),
    ];
  });

  async function collect(iterable: AsyncIterable<Record>): Promise<Record[]> {
    const records: Record[] = [];
    for await (const record of iterable) records.push(record);
    return records;
  }

  it('reads all 250 records in 3 pages, oldest first', async () => {
    const find = findServer('us', rows);
    server.use(tokens().handler, find.handler);

    const records = await collect(createHarness().storage.iterate('us'));

    expect(records).toHaveLength(TOTAL);
    expect(records[0]?.recordKey).toBe('user-000');
    expect(records.map((record) => record.recordKey)).toEqual(
      Array.from({ length: TOTAL }, (_, index) => `user-${String(index).padStart(3, '0')}`),
    );
    expect(records[249]?.body).toBe('body 249');
    expect(find.calls.map((call) => call.body)).toEqual(
      [0, 100, 200].map((offset) => ({
        filter: {},
        options: { limit: 100, offset, sort: [{ created_at: 'asc' }] },
      })),
    );
  });

  it("appends createdAt to the caller's sort and pages by pageSize", async () => {
    const find = findServer('us', rows);
    server.use(tokens().handler, find.handler);

    const iterable = createHarness().storage.iterate(
      'us',
      {},
      { pageSize: 60, sort: [{ rangeKey1: 'desc' }] },
    );
    const records = await collect(iterable);

    expect(records).toHaveLength(TOTAL);
    expect(
      find.calls.map((call) => (call.body as { options: { offset: number } }).options.offset),
    ).toEqual([0, 60, 120, 180, 240]);
    expect(find.calls[0]?.body).toMatchObject({
      options: { limit: 60, sort: [{ range_key1: 'desc' }, { created_at: 'asc' }] },
    });
    expect(records.map((record) => record.rangeKey1)).toEqual(
      [...records.map((record) => record.rangeKey1)].sort(
        (a, b) => Number(b ?? 0) - Number(a ?? 0),
      ),
    );
  });

  it('keeps a createdAt sort the caller gave', async () => {
    const find = findServer('us', rows);
    server.use(tokens().handler, find.handler);

    const records = await collect(
      createHarness().storage.iterate('us', {}, { sort: [{ createdAt: 'desc' }] }),
    );

    expect(records[0]?.recordKey).toBe('user-249');
    expect(find.calls[0]?.body).toMatchObject({ options: { sort: [{ created_at: 'desc' }] } });
  });

  it('stops when the signal aborts mid-iteration', async () => {
    const find = findServer('us', rows);
    server.use(tokens().handler, find.handler);
    const controller = new AbortController();
    const seen: string[] = [];

    const run = async () => {
      for await (const record of createHarness().storage.iterate(
        'us',
        {},
        {},
        { signal: controller.signal },
      )) {
        seen.push(record.recordKey);
        if (seen.length === 150) controller.abort();
      }
    };

    await expect(run()).rejects.toThrow(StorageNetworkError);
    expect(seen).toHaveLength(150);
    expect(find.calls).toHaveLength(2);
  });

  it.each([0, 101, 2.5, '10'])(
    'refuses pageSize %j at the call, before any request',
    (pageSize) => {
      const calls = anyRequest();
      server.use(...calls.map((recorder) => recorder.handler));
      const iterate = () => createHarness().storage.iterate('us', {}, { pageSize } as never);
      expect(iterate).toThrow(InputValidationError);
      expect(iterate).toThrow(expect.objectContaining({ path: 'options.pageSize' }));
      expect(calls.flatMap((recorder) => recorder.calls)).toEqual([]);
    },
  );

  it('accepts pageSize 1 and 100', async () => {
    server.use(tokens().handler, findServer('us', rows.slice(0, 3)).handler);
    expect(await collect(createHarness().storage.iterate('us', {}, { pageSize: 1 }))).toHaveLength(
      3,
    );
    expect(
      await collect(createHarness().storage.iterate('us', {}, { pageSize: 100 })),
    ).toHaveLength(3);
  });
});
