import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FindRequestSchema, FindResponseSchema } from '../src/index.ts';
import { issuesOf } from './support/issues-of.ts';
import { fullServerRecord, HASH } from './support/wire-samples.ts';

describe('FindRequestSchema', () => {
  it('accepts what Python and Node send, and keeps the filter as it is', () => {
    const filter = { record_key: [HASH], key1: { $not: null }, range_key1: { $gte: 1, $lt: 9 } };
    const body = {
      filter,
      options: { limit: 100, offset: 0, sort: [{ created_at: 'desc' }, { key2: 'asc' }] },
    };
    expect(v.parse(FindRequestSchema, body)).toEqual(body);
  });

  it('applies limit 100 and offset 0 when they are absent', () => {
    expect(v.parse(FindRequestSchema, { filter: {} })).toEqual({
      filter: {},
      options: { limit: 100, offset: 0 },
    });
    expect(v.parse(FindRequestSchema, { filter: {}, options: { offset: 5 } })).toEqual({
      filter: {},
      options: { limit: 100, offset: 5 },
    });
  });

  it.each([
    [{}, 'filter is required'],
    [{ filter: [] }, 'filter must be an object'],
    [{ filter: 'x' }, 'filter must be an object'],
    [{ filter: {}, options: [] }, 'options must be an object with limit and offset'],
    [{ filter: {}, options: { limit: 0 } }, 'options.limit must be an integer from 1 to 100'],
    [{ filter: {}, options: { limit: 101 } }, 'options.limit must be an integer from 1 to 100'],
    [{ filter: {}, options: { limit: 1.5 } }, 'options.limit must be an integer from 1 to 100'],
    [{ filter: {}, options: { offset: -1 } }, 'options.offset must be an integer ≥ 0'],
    [{ filter: {}, options: { sort: [] } }, 'options.sort must be a non-empty array'],
    [{ filter: {}, options: { sort: {} } }, 'options.sort must be a non-empty array'],
    [
      { filter: {}, options: { sort: [{}] } },
      'options.sort.0 must be an object with exactly one sort field',
    ],
    [
      { filter: {}, options: { sort: [{ key1: 'asc', key2: 'asc' }] } },
      'options.sort.0 must be an object with exactly one',
    ],
    [
      { filter: {}, options: { sort: [{ record_key: 'asc' }] } },
      'options.sort.0.record_key must be one of key1',
    ],
    [
      { filter: {}, options: { sort: [{ key1: 'up' }] } },
      'options.sort.0.key1 must be "asc" or "desc"',
    ],
    [
      { filter: {}, options: { sort: [{ key1: 'asc' }, { key1: 'desc' }] } },
      'options.sort must not sort on one field twice',
    ],
  ])('refuses %j', (body, message) => {
    expect(issuesOf(FindRequestSchema, body)).toContain(message);
  });
});

describe('FindResponseSchema', () => {
  it('accepts meta and records', () => {
    const body = {
      meta: { count: 2, limit: 100, offset: 0, total: 7 },
      data: [fullServerRecord(), { record_key: 'k' }],
    };
    expect(v.parse(FindResponseSchema, body)).toEqual(body);
  });

  it.each([
    [{ data: [] }, 'meta is required'],
    [{ meta: { count: 0, limit: 1, offset: 0 }, data: [] }, 'meta.total is required'],
    [
      { meta: { count: -1, limit: 1, offset: 0, total: 0 }, data: [] },
      'meta.count must be an integer ≥ 0',
    ],
    [{ meta: { count: 0, limit: 1, offset: 0, total: 0 } }, 'data is required'],
    [
      { meta: { count: 1, limit: 1, offset: 0, total: 1 }, data: [{}] },
      'data.0.record_key is required',
    ],
    [{ records: [] }, 'meta is required'],
  ])('refuses %j', (body, message) => {
    expect(issuesOf(FindResponseSchema, body)).toContain(message);
  });
});
