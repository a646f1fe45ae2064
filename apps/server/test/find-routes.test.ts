import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';
import { expectFullRecord, hashedKey, type WireRecord } from './support/records.ts';
import { expectErrors } from './support/responses.ts';

let harness: AppHarness;
const FIND = '/v2/storage/records/us/find';
const [r1, r2, r3] = ['alpha', 'beta', 'gamma'].map((name) => hashedKey(`find-${name}`)) as [
  string,
  string,
  string,
];
const names = new Map([
  [r1, 'r1'],
  [r2, 'r2'],
  [r3, 'r3'],
]);

beforeAll(async () => {
  harness = await startHarness();
  const records = [
    {
      record_key: r1,
      body: '1',
      key1: 'alpha',
      key2: 'x',
      range_key1: 1,
      version: 1,
      profile_key: 'p1',
      service_key1: 's1',
    },
    {
      record_key: r2,
      body: '2',
      key1: 'beta',
      range_key1: 5,
      version: 2,
      expires_at: '2999-01-01T00:00:00Z',
    },
    {
      record_key: r3,
      body: '3',
      key1: 'gamma',
      range_key1: 10,
      version: 2,
      parent_key: 'par',
      key3: 'Berlin-Mitte',
      expires_at: '2998-01-01T00:00:00.000000+00:00',
    },
  ];
  const response = await harness.send(
    harness.clientA,
    'POST',
    '/v2/storage/records/us/batchWrite',
    { records },
  );
  expect(response.status).toBe(200);
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());

interface FindAnswer {
  meta: { count: number; limit: number; offset: number; total: number };
  data: WireRecord[];
}

async function find(body: unknown): Promise<FindAnswer> {
  const response = await harness.send(harness.clientA, 'POST', FIND, body);
  expect(response.status).toBe(200);
  return (await response.json()) as FindAnswer;
}

async function matches(filter: unknown): Promise<string[]> {
  const answer = await find({ filter, options: { limit: 100, offset: 0 } });
  return answer.data.map((record) => names.get(record.record_key) ?? '?').sort();
}

describe('POST …/find', () => {
  it('answers meta and full records', async () => {
    const answer = await find({
      filter: {},
      options: { limit: 2, offset: 1, sort: [{ range_key1: 'desc' }] },
    });
    expect(Object.keys(answer)).toEqual(['meta', 'data']);
    expect(answer.meta).toEqual({ count: 2, limit: 2, offset: 1, total: 3 });
    expect(answer.data.map((record) => names.get(record.record_key))).toEqual(['r2', 'r1']);
    for (const record of answer.data) expectFullRecord(record);
  });

  it('defaults limit and offset when options are absent', async () => {
    expect((await find({ filter: { key1: 'alpha' } })).meta).toEqual({
      count: 1,
      limit: 100,
      offset: 0,
      total: 1,
    });
  });

  it('sorts expires_at ascending with nulls last', async () => {
    const answer = await find({ filter: {}, options: { sort: [{ expires_at: 'asc' }] } });
    expect(answer.data.map((record) => names.get(record.record_key))).toEqual(['r3', 'r2', 'r1']);
  });

  it.each([
    [{}, ['r1', 'r2', 'r3']],
    [{ record_key: r2 }, ['r2']],
    [{ key1: 'alpha' }, ['r1']],
    [{ key1: ['alpha', 'beta'] }, ['r1', 'r2']],
    [{ profile_key: null }, ['r2', 'r3']],
    [{ profile_key: { $not: null } }, ['r1']],
    [{ key1: { $not: 'alpha' } }, ['r2', 'r3']],
    [{ key1: { $not: ['alpha', 'beta'] } }, ['r3']],
    [{ service_key1: 's1' }, ['r1']],
    [{ range_key1: 5 }, ['r2']],
    [{ range_key1: [1, 10] }, ['r1', 'r3']],
    [{ range_key1: { $gt: 1, $lte: 10 } }, ['r2', 'r3']],
    [{ range_key1: { $gte: 1, $lt: 10 } }, ['r1', 'r2']],
    [{ range_key1: { $not: 5 } }, ['r1', 'r3']],
    [{ version: 2 }, ['r2', 'r3']],
    [{ expires_at: null }, ['r1']],
    [{ expires_at: { $not: null } }, ['r2', 'r3']],
    [{ expires_at: '2999-01-01T00:00:00.000+00:00' }, ['r2']],
    [{ expires_at: { $gte: '2998-06-01T00:00:00Z' } }, ['r2']],
    [{ created_at: { $lte: '2999-01-01T00:00:00Z' } }, ['r1', 'r2', 'r3']],
    [{ updated_at: { $lt: '2000-01-01T00:00:00Z' } }, []],
    [{ key3: { $like: 'lin-Mi' } }, ['r3']],
    [{ search_keys: 'amm' }, ['r3']],
    [{ $or: [{ key1: 'alpha' }, { parent_key: 'par' }] }, ['r1', 'r3']],
    [{ key1: ['alpha', 'beta'], range_key1: { $gt: 1 } }, ['r2']],
  ])('filter %j', async (filter, expected) => {
    expect(await matches(filter)).toEqual(expected);
  });

  it.each([
    [{ filter: { nope: 1 } }, 'filter.nope'],
    [{ filter: { key1: {} } }, 'filter.key1'],
    [{ filter: { range_key1: { $gt: 'a' } } }, 'filter.range_key1.$gt'],
    [{ filter: { search_keys: 'ab' } }, 'filter.search_keys'],
    [{ filter: { $or: [{ key1: 'a' }] } }, 'filter.$or'],
    [{ filter: 'all' }, 'filter'],
    [{ filter: {}, options: { limit: 0 } }, 'options.limit'],
    [{ filter: {}, options: { sort: [{ body: 'asc' }] } }, 'options.sort[0].body'],
  ])('refuses %j with 400 at %s', async (body, source) => {
    const entries = await expectErrors(
      await harness.send(harness.clientA, 'POST', FIND, body),
      400,
    );
    expect(entries[0]?.source).toBe(source);
  });
});
