// Every filter form of the facade SDK's find, sorting and paging, against the real server over
// real HTTP on PGlite and on PostgreSQL. Twelve records are written once; each case names the
// record numbers it must find. Keys the SDK hashes (profileKey, parentKey, serviceKey1) prove the
// filter is hashed as the record was; key1..key20 are plain (`hashSearchKeys: false`), which
// enables `$like` and `searchKeys` and makes sorting on them meaningful.

import type { FindFilter, Storage } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStorage, rawKeyAccessor } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

const CITIES = [
  'Berlin',
  'Bern',
  'Bonn',
  'Paris',
  'Porto',
  'Prague',
  'Lisbon',
  'London',
  'Lyon',
  'Madrid',
  'Milan',
  'Munich',
] as const;
const FAR_FUTURE = new Date('2099-01-01T00:00:00.000Z');

/** The index-th record: see each field's pattern in the cases below. */
function findRecord(index: number) {
  return {
    recordKey: `find-${index}`,
    body: `body ${index}`,
    profileKey: `profile-${index % 3}`,
    parentKey: index < 4 ? null : `parent-${index % 2}`,
    serviceKey1: index < 6 ? 'service' : null,
    key1: CITIES[index],
    key2: index % 2 === 0 ? 'even' : null,
    rangeKey1: index * 10,
    expiresAt: index % 4 === 0 ? new Date(FAR_FUTURE.getTime() + index * 1000) : null,
  };
}

const numbers = (...indexes: number[]): string[] => indexes.map((index) => `find-${index}`);
const range = (from: number, to: number): string[] =>
  numbers(...Array.from({ length: to - from + 1 }, (_, offset) => from + offset));

// [title, filter, the records it matches]
const FILTER_CASES: readonly [string, FindFilter, string[]][] = [
  ['no filter', {}, range(0, 11)],
  ['a hashed value', { profileKey: 'profile-1' }, numbers(1, 4, 7, 10)],
  ['a list', { profileKey: ['profile-0', 'profile-2'] }, numbers(0, 2, 3, 5, 6, 8, 9, 11)],
  ['a record key list', { recordKey: ['find-3', 'find-5', 'nope'] }, numbers(3, 5)],
  ['null', { parentKey: null }, range(0, 3)],
  [
    '$not a value, which also matches null',
    { parentKey: { $not: 'parent-0' } },
    numbers(0, 1, 2, 3, 5, 7, 9, 11),
  ],
  ['$not a list', { profileKey: { $not: ['profile-0', 'profile-1'] } }, numbers(2, 5, 8, 11)],
  ['$not null', { parentKey: { $not: null } }, range(4, 11)],
  ['$not on a service key', { serviceKey1: { $not: 'service' } }, range(6, 11)],
  ['a plain search key', { key1: 'Lyon' }, numbers(8)],
  ['$like', { key1: { $like: 'on' } }, numbers(2, 6, 7, 8)],
  ['$like is case-sensitive', { key1: { $like: 'ber' } }, []],
  ['searchKeys over key1..key20', { searchKeys: 'Pra' }, numbers(5)],
  ['searchKeys matching another key', { searchKeys: 'eve' }, numbers(0, 2, 4, 6, 8, 10)],
  ['a range', { rangeKey1: { $gte: 30, $lt: 70 } }, numbers(3, 4, 5, 6)],
  ['$gt and $lte', { rangeKey1: { $gt: 30, $lte: 50 } }, numbers(4, 5)],
  ['an integer list', { rangeKey1: [10, 20, 15] }, numbers(1, 2)],
  ['$not an integer', { rangeKey1: { $not: 50 } }, [...range(0, 4), ...range(6, 11)]],
  ['an integer null', { rangeKey2: null }, range(0, 11)],
  ['the secret version', { version: 1 }, range(0, 11)],
  ['expiresAt null', { expiresAt: null }, numbers(1, 2, 3, 5, 6, 7, 9, 10, 11)],
  [
    'an expiresAt range',
    { expiresAt: { $gt: FAR_FUTURE, $lte: new Date(FAR_FUTURE.getTime() + 8000) } },
    numbers(4, 8),
  ],
  ['an expiresAt value', { expiresAt: FAR_FUTURE }, numbers(0)],
  ['$not an expiresAt', { expiresAt: { $not: FAR_FUTURE } }, range(1, 11)],
  [
    '$or',
    { $or: [{ profileKey: 'profile-0' }, { key2: 'even' }] },
    numbers(0, 2, 3, 4, 6, 8, 9, 10),
  ],
  ['fields ANDed', { profileKey: 'profile-0', key2: 'even', rangeKey1: { $gt: 0 } }, numbers(6)],
];

describe.each(SERVER_BACKENDS)('find over HTTP on $name', (backend) => {
  let server: TestServer;
  let storage: Storage;
  let writtenAfter: Date;
  beforeAll(async () => {
    server = await startTestServer(backend);
    storage = await connectStorage(server.url, server.credentials, {
      secretKeyAccessor: rawKeyAccessor(),
      hashSearchKeys: false,
    });
    writtenAfter = new Date(Date.now() - 1000);
    await storage.batchWrite(
      'de',
      Array.from({ length: 12 }, (_, index) => findRecord(index)),
    );
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  it.each(FILTER_CASES)('filters by %s', async (_title, filter, expected) => {
    const { records, meta } = await storage.find('de', filter);
    expect(records.map((record) => record.recordKey).sort()).toEqual([...expected].sort());
    expect(meta.total).toBe(expected.length);
  });

  it('filters by creation and update dates', async () => {
    const since = await storage.find('de', { createdAt: { $gte: writtenAfter } });
    expect(since.meta.total).toBe(12);
    const before = await storage.find('de', { updatedAt: { $lt: writtenAfter } });
    expect(before.meta.total).toBe(0);
    const { record } = await storage.read('de', 'find-0');
    const exact = await storage.find('de', {
      createdAt: record.createdAt as Date,
      key1: 'Berlin',
    });
    expect(exact.records.map(({ recordKey }) => recordKey)).toEqual(['find-0']);
  });

  it('refuses searchKeys, $like and a key sort where search keys are hashed, finds exact keys', async () => {
    const hashed = await connectStorage(server.url, server.credentials, {
      secretKeyAccessor: rawKeyAccessor(),
    });
    await hashed.write('us', { recordKey: 'hashed-1', key1: 'Paris' });
    for (const [call, path] of [
      [() => hashed.find('us', { searchKeys: 'Par' }), 'filter.searchKeys'],
      [() => hashed.findOne('us', { key1: { $like: 'ari' } }), 'filter.key1.$like'],
      [() => hashed.find('us', {}, { sort: [{ key1: 'asc' }] }), 'options.sort.0.key1'],
    ] as const) {
      await expect(call()).rejects.toMatchObject({
        name: 'InputValidationError',
        path,
        message: expect.stringContaining('hashSearchKeys: false'),
      });
    }
    const exact = await hashed.find('us', { key1: 'Paris' }, { sort: [{ createdAt: 'asc' }] });
    expect(exact.records.map(({ recordKey }) => recordKey)).toEqual(['hashed-1']);
  });

  it('decrypts what it finds', async () => {
    const { records } = await storage.find('de', { key1: 'Paris' });
    expect(records[0]).toMatchObject({ ...findRecord(3), attachments: [] });
  });

  it('pages with limit and offset, sorted, and reports count and total', async () => {
    const sort = [{ rangeKey1: 'desc' as const }];
    const first = await storage.find('de', {}, { limit: 5, sort });
    expect(first.meta).toEqual({ count: 5, limit: 5, offset: 0, total: 12 });
    expect(first.records.map(({ rangeKey1 }) => rangeKey1)).toEqual([110, 100, 90, 80, 70]);
    const second = await storage.find('de', {}, { limit: 5, offset: 5, sort });
    expect(second.records.map(({ rangeKey1 }) => rangeKey1)).toEqual([60, 50, 40, 30, 20]);
    const last = await storage.find('de', {}, { limit: 5, offset: 10, sort });
    expect(last.meta).toEqual({ count: 2, limit: 5, offset: 10, total: 12 });
    const past = await storage.find('de', {}, { limit: 5, offset: 20, sort });
    expect(past.meta).toEqual({ count: 0, limit: 5, offset: 20, total: 12 });
  });

  it('sorts on a plain search key, ascending and descending', async () => {
    const ascending = await storage.find('de', {}, { sort: [{ key1: 'asc' }] });
    expect(ascending.records.map(({ key1 }) => key1)).toEqual([...CITIES].sort());
    const descending = await storage.find('de', {}, { sort: [{ key1: 'desc' }], limit: 3 });
    expect(descending.records.map(({ key1 }) => key1)).toEqual(['Prague', 'Porto', 'Paris']);
  });

  it('sorts on several fields, nulls last ascending and first descending', async () => {
    const { records } = await storage.find(
      'de',
      {},
      { sort: [{ key2: 'asc' }, { rangeKey1: 'desc' }] },
    );
    expect(records.map(({ rangeKey1 }) => rangeKey1)).toEqual([
      100, 80, 60, 40, 20, 0, 110, 90, 70, 50, 30, 10,
    ]);
    const nullsFirst = await storage.find('de', {}, { sort: [{ expiresAt: 'desc' }], limit: 10 });
    expect(nullsFirst.records.slice(9).map(({ recordKey }) => recordKey)).toEqual(['find-8']);
  });

  it('iterates every match in sort order, page by page', async () => {
    const seen: (number | null)[] = [];
    const pages = storage.iterate(
      'de',
      { key2: 'even' },
      { pageSize: 4, sort: [{ rangeKey1: 'asc' }] },
    );
    for await (const record of pages) seen.push(record.rangeKey1);
    expect(seen).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('finds one record, with offset and sort', async () => {
    const found = await storage.findOne(
      'de',
      { key2: 'even' },
      { sort: [{ rangeKey1: 'desc' }], offset: 1 },
    );
    expect(found?.record?.recordKey).toBe('find-8');
  });
});
