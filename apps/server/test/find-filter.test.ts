import { describe, expect, it } from 'vitest';
import { type FilterContext, parseFindFilter } from '../src/find/find-filter.ts';
import { parseFindQuery } from '../src/find/find-query.ts';
import { ApiError } from '../src/http/api-error.ts';

const plain: FilterContext = { toStored: (_field, value) => value };
const hashed: FilterContext = {
  toStored: (field, value) => `h(${field}:${value})`,
  partialMatchRefusal: 'needs plain search keys',
};

function problemOf(run: () => unknown): { status: number; source: string; detail: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError)
      return { status: error.status, ...(error.problems[0] as { source: string; detail: string }) };
    throw error;
  }
  throw new Error('expected an ApiError');
}

const date = new Date('2021-08-11T12:36:52.607Z');

describe('parseFindFilter: accepted forms', () => {
  it.each([
    [{ record_key: 'a' }, { kind: 'eq', field: 'record_key', value: 'a' }],
    [{ key1: ['a', 'b'] }, { kind: 'in', field: 'key1', values: ['a', 'b'] }],
    [{ profile_key: null }, { kind: 'null', field: 'profile_key' }],
    [
      { service_key5: { $not: 'a' } },
      { kind: 'not', condition: { kind: 'eq', field: 'service_key5', value: 'a' } },
    ],
    [
      { parent_key: { $not: ['a'] } },
      { kind: 'not', condition: { kind: 'in', field: 'parent_key', values: ['a'] } },
    ],
    [{ key20: { $not: null } }, { kind: 'not', condition: { kind: 'null', field: 'key20' } }],
    [{ key3: { $like: 'ber' } }, { kind: 'like', field: 'key3', text: 'ber' }],
    [{ range_key1: 5 }, { kind: 'eq', field: 'range_key1', value: 5 }],
    [{ version: [0, 1] }, { kind: 'in', field: 'version', values: [0, 1] }],
    [{ range_key10: null }, { kind: 'null', field: 'range_key10' }],
    [
      { range_key2: { $gt: 1, $lte: 9 } },
      {
        kind: 'and',
        conditions: [
          { kind: 'range', field: 'range_key2', op: '$gt', value: 1 },
          { kind: 'range', field: 'range_key2', op: '$lte', value: 9 },
        ],
      },
    ],
    [{ expires_at: '2021-08-11T12:36:52.607Z' }, { kind: 'eq', field: 'expires_at', value: date }],
    [
      { expires_at: '2021-08-11T12:36:52.607000+00:00' },
      { kind: 'eq', field: 'expires_at', value: date },
    ],
    [{ expires_at: null }, { kind: 'null', field: 'expires_at' }],
    [
      { created_at: { $gte: '2021-08-11T12:36:52.607Z' } },
      { kind: 'range', field: 'created_at', op: '$gte', value: date },
    ],
    [
      { updated_at: ['2021-08-11T12:36:52.607Z'] },
      { kind: 'in', field: 'updated_at', values: [date] },
    ],
    [{ search_keys: 'abc' }, { kind: 'search', text: 'abc' }],
  ])('%j', (filter, condition) => {
    expect(parseFindFilter(filter, plain)).toEqual({ kind: 'and', conditions: [condition] });
  });

  it('builds $or of ANDed sub-filters', () => {
    const condition = parseFindFilter(
      { $or: [{ key1: 'a', key2: 'b' }, { record_key: 'c' }] },
      plain,
    );
    expect(condition).toEqual({
      kind: 'and',
      conditions: [
        {
          kind: 'or',
          conditions: [
            {
              kind: 'and',
              conditions: [
                { kind: 'eq', field: 'key1', value: 'a' },
                { kind: 'eq', field: 'key2', value: 'b' },
              ],
            },
            { kind: 'and', conditions: [{ kind: 'eq', field: 'record_key', value: 'c' }] },
          ],
        },
      ],
    });
  });

  it('matches everything with an empty filter', () => {
    expect(parseFindFilter({}, plain)).toEqual({ kind: 'and', conditions: [] });
  });

  it('converts string operands to their stored form (SSE hashes), never range keys', () => {
    expect(
      parseFindFilter({ key1: ['a'], profile_key: { $not: 'b' }, range_key1: 1 }, hashed),
    ).toEqual({
      kind: 'and',
      conditions: [
        { kind: 'in', field: 'key1', values: ['h(key1:a)'] },
        { kind: 'not', condition: { kind: 'eq', field: 'profile_key', value: 'h(profile_key:b)' } },
        { kind: 'eq', field: 'range_key1', value: 1 },
      ],
    });
  });
});

describe('parseFindFilter: refusals name the path and the rule', () => {
  it.each([
    [{ unknown: 1 }, 'filter.unknown', 'is not a filter field'],
    [{ key1: {} }, 'filter.key1', 'must not be an empty operator object'],
    [{ key1: [] }, 'filter.key1', 'must not be an empty list'],
    [{ key1: 5 }, 'filter.key1', 'must be a string'],
    [{ key1: ['a', 5] }, 'filter.key1[1]', 'must be a string'],
    [{ key1: 'x'.repeat(257) }, 'filter.key1', 'at most 256 characters'],
    [{ record_key: 'x'.repeat(257) }, 'filter.record_key', 'at most 256 characters'],
    [{ record_key: ['a', 'x'.repeat(5_000_000)] }, 'filter.record_key[1]', 'at most 256'],
    [{ service_key5: { $not: 'x'.repeat(257) } }, 'filter.service_key5.$not', 'at most 256'],
    [{ key1: { $gt: 'a' } }, 'filter.key1.$gt', 'is not an operator of this field'],
    [{ profile_key: { $like: 'a' } }, 'filter.profile_key.$like', 'is not an operator'],
    [{ key1: { $like: '' } }, 'filter.key1.$like', 'must be a string of 1 to 256'],
    [{ range_key1: 1.5 }, 'filter.range_key1', 'must be an integer'],
    [{ range_key1: '1' }, 'filter.range_key1', 'must be an integer'],
    [{ range_key1: { $gt: 1, $gte: 2 } }, 'filter.range_key1', 'cannot combine $gt with $gte'],
    [{ version: { $lt: 1, $lte: 2 } }, 'filter.version', 'cannot combine $lt with $lte'],
    [{ range_key1: { $not: [] } }, 'filter.range_key1.$not', 'must not be an empty list'],
    [{ expires_at: '2021-08-11' }, 'filter.expires_at', 'ISO-8601 date-time'],
    [{ expires_at: '2021-08-11T12:36:52' }, 'filter.expires_at', 'ISO-8601 date-time'],
    [{ created_at: null }, 'filter.created_at', 'must not be null'],
    [{ updated_at: { $not: null } }, 'filter.updated_at.$not', 'must not be null'],
    [{ search_keys: 'ab' }, 'filter.search_keys', '3 to 200 characters'],
    [{ search_keys: 'x'.repeat(201) }, 'filter.search_keys', '3 to 200 characters'],
    [
      { search_keys: 'abc', key2: 'a' },
      'filter.search_keys',
      'cannot be combined with key1..key20',
    ],
    [
      { search_keys: 'abc', $or: [{ key1: 'a' }, { key2: 'b' }] },
      'filter.search_keys',
      'cannot be combined with $or',
    ],
    [{ $or: [{ key1: 'a' }] }, 'filter.$or', 'list of 2 to 100'],
    [{ $or: { key1: 'a' } }, 'filter.$or', 'list of 2 to 100'],
    [{ $or: [{ key1: 'a' }, {}] }, 'filter.$or[1]', 'non-empty filters'],
    [{ $or: [{ key1: 'a' }, { range_key1: 1 }] }, 'filter.$or[1].range_key1', 'is not one of'],
    [{ $or: [{ key1: 'a' }, { $or: [] }] }, 'filter.$or[1].$or', 'cannot be nested'],
    [{ key1: Array.from({ length: 1001 }, () => 'a') }, 'filter.key1', 'at most 1000 values'],
  ])('%j → %s', (filter, source, detail) => {
    const problem = problemOf(() => parseFindFilter(filter as Record<string, unknown>, plain));
    expect(problem.status).toBe(400);
    expect(problem.source).toBe(source);
    expect(problem.detail).toContain(detail);
  });

  it('caps the operands of one filter', () => {
    const list = Array.from({ length: 1000 }, (_, index) => `v${index}`);
    const filter = Object.fromEntries(
      Array.from({ length: 11 }, (_, index) => [`key${index + 1}`, list]),
    );
    expect(problemOf(() => parseFindFilter(filter, plain)).detail).toContain(
      'more than 10000 values',
    );
  });

  it('refuses partial matching where search keys are hashed (SSE without plain search keys)', () => {
    expect(problemOf(() => parseFindFilter({ key1: { $like: 'a' } }, hashed))).toMatchObject({
      source: 'filter.key1.$like',
      detail: 'needs plain search keys',
    });
    expect(problemOf(() => parseFindFilter({ search_keys: 'abc' }, hashed)).source).toBe(
      'filter.search_keys',
    );
  });

  it('never quotes the offending value', () => {
    const secret = 'personal-value-12345';
    const problem = problemOf(() => parseFindFilter({ key1: { $gt: secret } }, plain));
    expect(JSON.stringify(problem)).not.toContain(secret);
  });
});

describe('parseFindQuery', () => {
  it('applies the defaults and keeps the sort', () => {
    expect(
      parseFindQuery(
        { filter: {}, options: { sort: [{ key1: 'asc' }, { expires_at: 'desc' }] } },
        plain,
      ),
    ).toEqual({
      where: { kind: 'and', conditions: [] },
      sort: [
        { field: 'key1', direction: 'asc' },
        { field: 'expires_at', direction: 'desc' },
      ],
      limit: 100,
      offset: 0,
    });
  });

  it.each([
    [{ options: {} }, 'filter'],
    [{ filter: [] }, 'filter'],
    [{ filter: {}, options: { limit: 101 } }, 'options.limit'],
    [{ filter: {}, options: { offset: -1 } }, 'options.offset'],
    [{ filter: {}, options: { sort: [] } }, 'options.sort'],
    [{ filter: {}, options: { sort: [{ record_key: 'asc' }] } }, 'options.sort[0].record_key'],
  ])('refuses %j at %s', (body, source) => {
    expect(problemOf(() => parseFindQuery(body, plain))).toMatchObject({ status: 400, source });
  });

  it('refuses sorting on hashed search keys', () => {
    const body = { filter: {}, options: { sort: [{ range_key1: 'asc' }, { key2: 'asc' }] } };
    expect(problemOf(() => parseFindQuery(body, hashed)).source).toBe('options.sort[1]');
  });
});
