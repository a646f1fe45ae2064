import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountryStore, FindCondition, FindSort, RecordWrite } from '../../src/store/index.ts';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';
import {
  BACKEND_TIMEOUT_MS,
  type OpenedBackend,
  STORE_BACKENDS,
  TEST_COUNTRIES,
  TEST_TIMEOUT_MS,
} from '../support/store-backends.ts';

const JAN = new Date('2100-01-01T00:00:00.000Z');
const JUN = new Date('2100-06-01T00:00:00.000Z');
const ALL: FindCondition = { kind: 'and', conditions: [] };

// r1..r8 are written in one batch (one created_at): without a sort they come in key order.
const RECORDS: readonly RecordWrite[] = [
  makeRecord('r1', { key1: 'alpha', key2: 'x', range_key1: 5, version: 1, profile_key: 'p1' }),
  makeRecord('r2', {
    key1: 'beta',
    key20: 'zeta-pha',
    range_key1: 10,
    expires_at: JAN,
    version: 1,
    profile_key: 'p1',
  }),
  makeRecord('r3', { key1: 'gamma', range_key1: 15, expires_at: JUN, version: 2 }),
  makeRecord('r4', { key2: 'y', version: 2 }),
  makeRecord('r5', { key1: 'al%pha', range_key1: 20, version: 3, profile_key: 'p2' }),
  makeRecord('r6', { key1: 'a_b', range_key1: -3, version: 3 }),
  makeRecord('r7', { key1: 'x\\y', expires_at: JAN, version: 3 }),
  makeRecord('r8', { key20: 'A_B', range_key1: 0, version: 0 }),
];

const eq = (field: string, value: string | number | Date): FindCondition => ({
  kind: 'eq',
  field,
  value,
});
const not = (condition: FindCondition): FindCondition => ({ kind: 'not', condition });
const range = (
  field: string,
  op: '$gt' | '$gte' | '$lt' | '$lte',
  value: number | Date,
): FindCondition => ({
  kind: 'range',
  field,
  op,
  value,
});

describe.each(STORE_BACKENDS)('find on $name', { timeout: TEST_TIMEOUT_MS }, (backend) => {
  let opened: OpenedBackend;
  let store: CountryStore;
  const environment = newEnvironment();

  beforeAll(async () => {
    opened = await backend.open();
    store = await opened.stores.country(TEST_COUNTRIES[0]);
    await store.write(
      environment,
      RECORDS.map((record) => ({ record })),
    );
    // r3 rewritten unchanged: its updated_at is now the latest.
    await store.write(environment, [{ record: RECORDS[2] as RecordWrite }]);
    await store.write(environment, [
      {
        record: makeRecord('expired', { key1: 'alpha', expires_at: new Date(Date.now() - 60_000) }),
      },
    ]);
    // Another environment's record matches every filter below: it must never show.
    await store.write(
      newEnvironment(),
      RECORDS.map((record) => ({ record })),
    );
  }, BACKEND_TIMEOUT_MS);

  afterAll(() => opened?.close(), BACKEND_TIMEOUT_MS);

  async function keys(where: FindCondition, sort: readonly FindSort[] = []): Promise<string[]> {
    const page = await store.find(environment, { where, sort, limit: 100, offset: 0 });
    expect(page.total).toBe(page.records.length);
    return page.records.map((record) => record.record_key);
  }

  it('matches equality and lists, never an expired record', async () => {
    expect(await keys(eq('key1', 'alpha'))).toEqual(['r1']);
    expect(await keys({ kind: 'in', field: 'key1', values: ['alpha', 'gamma', 'none'] })).toEqual([
      'r1',
      'r3',
    ]);
    expect(await keys({ kind: 'in', field: 'key1', values: [] })).toEqual([]);
    expect(await keys(eq('record_key', 'r4'))).toEqual(['r4']);
    expect(await keys({ kind: 'in', field: 'record_key', values: ['r2', 'expired'] })).toEqual([
      'r2',
    ]);
    expect(await keys(eq('profile_key', 'p1'))).toEqual(['r1', 'r2']);
    expect(await keys(eq('range_key1', 0))).toEqual(['r8']);
    expect(await keys({ kind: 'in', field: 'range_key1', values: [5, 20] })).toEqual(['r1', 'r5']);
    expect(await keys(eq('version', 3))).toEqual(['r5', 'r6', 'r7']);
    expect(await keys(eq('expires_at', JUN))).toEqual(['r3']);
  });

  it('matches null and not null', async () => {
    expect(await keys({ kind: 'null', field: 'key1' })).toEqual(['r4', 'r8']);
    expect(await keys(not({ kind: 'null', field: 'key1' }))).toEqual([
      'r1',
      'r2',
      'r3',
      'r5',
      'r6',
      'r7',
    ]);
    expect(await keys({ kind: 'null', field: 'expires_at' })).toEqual([
      'r1',
      'r4',
      'r5',
      'r6',
      'r8',
    ]);
    expect(await keys({ kind: 'null', field: 'range_key1' })).toEqual(['r4', 'r7']);
  });

  it('lets $not match rows whose field is null', async () => {
    expect(await keys(not(eq('key1', 'alpha')))).toEqual([
      'r2',
      'r3',
      'r4',
      'r5',
      'r6',
      'r7',
      'r8',
    ]);
    expect(await keys(not({ kind: 'in', field: 'key1', values: ['alpha', 'beta'] }))).toEqual([
      'r3',
      'r4',
      'r5',
      'r6',
      'r7',
      'r8',
    ]);
    expect(await keys(not(range('range_key1', '$gt', 5)))).toEqual(['r1', 'r4', 'r6', 'r7', 'r8']);
    expect(await keys(not(not(eq('key1', 'alpha'))))).toEqual(['r1']);
  });

  it('matches ranges on numbers and dates', async () => {
    const between = {
      kind: 'and',
      conditions: [range('range_key1', '$gt', 5), range('range_key1', '$lte', 15)],
    } as const;
    expect(await keys(between)).toEqual(['r2', 'r3']);
    expect(await keys(range('range_key1', '$lt', 0))).toEqual(['r6']);
    expect(await keys(range('range_key1', '$gte', 20))).toEqual(['r5']);
    const dates = {
      kind: 'and',
      conditions: [range('expires_at', '$gte', JAN), range('expires_at', '$lt', JUN)],
    } as const;
    expect(await keys(dates)).toEqual(['r2', 'r7']);
    expect(await keys(range('version', '$lt', 2))).toEqual(['r1', 'r2', 'r8']);
    expect(await keys(range('created_at', '$lte', new Date(Date.now() + 3_600_000)))).toHaveLength(
      8,
    );
    expect(await keys(range('updated_at', '$gt', new Date(Date.now() + 3_600_000)))).toEqual([]);
  });

  it('matches $like as a case-sensitive substring of one field, wildcards taken literally', async () => {
    const like = (text: string): FindCondition => ({ kind: 'like', field: 'key1', text });
    expect(await keys(like('pha'))).toEqual(['r1', 'r5']);
    expect(await keys(like('%'))).toEqual(['r5']);
    expect(await keys(like('_'))).toEqual(['r6']);
    expect(await keys(like('\\'))).toEqual(['r7']);
    expect(await keys(like('A_B'))).toEqual([]);
    expect(await keys({ kind: 'like', field: 'key20', text: 'A_B' })).toEqual(['r8']);
  });

  it('matches search_keys as a substring of any of key1..key20', async () => {
    const search = (text: string): FindCondition => ({ kind: 'search', text });
    expect(await keys(search('pha'))).toEqual(['r1', 'r2', 'r5']);
    expect(await keys(search('_B'))).toEqual(['r8']);
    expect(await keys(search('%p'))).toEqual(['r5']);
    expect(await keys(search('a%'))).toEqual([]);
  });

  it('combines conditions with and/or', async () => {
    const either: FindCondition = {
      kind: 'or',
      conditions: [eq('key1', 'alpha'), eq('key2', 'y')],
    };
    expect(await keys(either)).toEqual(['r1', 'r4']);
    const nested: FindCondition = {
      kind: 'and',
      conditions: [
        eq('version', 3),
        {
          kind: 'or',
          conditions: [range('range_key1', '$gt', 0), { kind: 'null', field: 'range_key1' }],
        },
      ],
    };
    expect(await keys(nested)).toEqual(['r5', 'r7']);
    expect(await keys({ kind: 'or', conditions: [] })).toEqual([]);
  });

  it('sorts with nulls last ascending and first descending, then by record key', async () => {
    const sort = (field: string, direction: 'asc' | 'desc'): FindSort[] => [{ field, direction }];
    expect(await keys(ALL, sort('range_key1', 'asc'))).toEqual([
      'r6',
      'r8',
      'r1',
      'r2',
      'r3',
      'r5',
      'r4',
      'r7',
    ]);
    expect(await keys(ALL, sort('range_key1', 'desc'))).toEqual([
      'r4',
      'r7',
      'r5',
      'r3',
      'r2',
      'r1',
      'r8',
      'r6',
    ]);
    expect(await keys(ALL, sort('expires_at', 'asc'))).toEqual([
      'r2',
      'r7',
      'r3',
      'r1',
      'r4',
      'r5',
      'r6',
      'r8',
    ]);
    expect(await keys(ALL, sort('updated_at', 'desc'))).toEqual([
      'r3',
      'r1',
      'r2',
      'r4',
      'r5',
      'r6',
      'r7',
      'r8',
    ]);
    const versionThenRange: FindSort[] = [
      { field: 'version', direction: 'desc' },
      { field: 'range_key1', direction: 'asc' },
    ];
    // version is not a sort field (protocol.md §8.1).
    await expect(keys(ALL, versionThenRange)).rejects.toThrow(/not a sort field/);
    const twoFields: FindSort[] = [
      { field: 'key2', direction: 'asc' },
      { field: 'range_key1', direction: 'desc' },
    ];
    expect(await keys(ALL, twoFields)).toEqual(['r1', 'r4', 'r7', 'r5', 'r3', 'r2', 'r8', 'r6']);
  });

  it('pages with limit and offset, and counts every match', async () => {
    const page = (limit: number, offset: number, where: FindCondition = ALL) =>
      store.find(environment, { where, sort: [], limit, offset });
    const first = await page(3, 0);
    expect(first.records.map((record) => record.record_key)).toEqual(['r1', 'r2', 'r3']);
    expect(first.total).toBe(8);
    const last = await page(3, 6);
    expect(last.records.map((record) => record.record_key)).toEqual(['r7', 'r8']);
    expect(last.total).toBe(8);
    expect(await page(3, 8)).toEqual({ records: [], total: 8 });
    expect(await page(100, 1000)).toEqual({ records: [], total: 8 });
    expect(await page(10, 0, eq('key1', 'none'))).toEqual({ records: [], total: 0 });
    expect(await page(10, 5, eq('key1', 'none'))).toEqual({ records: [], total: 0 });
    expect((await page(1, 0, eq('key1', 'alpha'))).records[0]).toEqual(
      await store.read(environment, 'r1'),
    );
  });

  it('refuses fields, operators and values outside the allow-list, never quoting a value', async () => {
    const attempt = (where: FindCondition, sort: readonly FindSort[] = []) =>
      store.find(environment, { where, sort, limit: 10, offset: 0 });
    const injected = "x'; DROP TABLE records; --";
    await expect(attempt(eq(injected, 'v'))).rejects.toThrow(/not a filterable field/);
    await expect(attempt(eq('body', 'secret-body'))).rejects.toThrow(/not a filterable field/);
    await expect(attempt(eq('body', 'secret-body'))).rejects.not.toThrow(/secret-body/);
    await expect(attempt({ kind: 'like', field: 'profile_key', text: 'a' })).rejects.toThrow(
      /\$like/,
    );
    await expect(attempt(range('key1', '$gt', 3))).rejects.toThrow(/range/);
    await expect(attempt(eq('range_key1', 'secret-text'))).rejects.toThrow(/range_key1/);
    await expect(attempt(eq('range_key1', 'secret-text'))).rejects.not.toThrow(/secret-text/);
    await expect(attempt(ALL, [{ field: 'body', direction: 'asc' }])).rejects.toThrow(
      /not a sort field/,
    );
    // The injected text was a value, not SQL: the table is still there.
    expect(await keys(eq('key1', injected))).toEqual([]);
    expect(await keys(eq('record_key', 'r1'))).toEqual(['r1']);
  });
});
