import { InputValidationError } from '@residency/errors';
import { MAX_FIND_LIMIT } from '@residency/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFindOptions, DEFAULT_FIND_OPTIONS, SortOrder } from '../src/find-options.ts';
import type { InputContext } from '../src/input-context.ts';

function rejectionOf(options: unknown): InputValidationError {
  try {
    buildFindOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    return error as InputValidationError;
  }
  throw new Error('expected an InputValidationError');
}

describe('SortOrder', () => {
  it('is a frozen closed set', () => {
    expect(SortOrder).toEqual({ ASC: 'asc', DESC: 'desc' });
    expect(Object.isFrozen(SortOrder)).toBe(true);
  });
});

describe('buildFindOptions: accepted options', () => {
  it.each<[string, unknown, unknown]>([
    ['no options', undefined, { limit: 100, offset: 0 }],
    ['empty options', {}, { limit: 100, offset: 0 }],
    [
      'undefined members',
      { limit: undefined, offset: undefined, sort: undefined },
      { limit: 100, offset: 0 },
    ],
    ['limit 1', { limit: 1 }, { limit: 1, offset: 0 }],
    ['limit 100', { limit: 100 }, { limit: 100, offset: 0 }],
    ['an offset', { offset: 250 }, { limit: 100, offset: 250 }],
    [
      'one criterion',
      { sort: [{ createdAt: SortOrder.DESC }] },
      { limit: 100, offset: 0, sort: [{ created_at: 'desc' }] },
    ],
    [
      'every kind of sort field, in order',
      {
        limit: 10,
        offset: 10,
        sort: [
          { key1: 'asc' },
          { key20: 'desc' },
          { rangeKey1: 'desc' },
          { rangeKey10: 'asc' },
          { createdAt: 'asc' },
          { updatedAt: 'asc' },
          { expiresAt: 'desc' },
        ],
      },
      {
        limit: 10,
        offset: 10,
        sort: [
          { key1: 'asc' },
          { key20: 'desc' },
          { range_key1: 'desc' },
          { range_key10: 'asc' },
          { created_at: 'asc' },
          { updated_at: 'asc' },
          { expires_at: 'desc' },
        ],
      },
    ],
  ])('%s', (_name, options, expected) => {
    expect(buildFindOptions(options)).toEqual(expected);
  });

  it('omits sort when none is given', () => {
    expect('sort' in buildFindOptions({ limit: 5 })).toBe(false);
  });

  it('exposes the defaults', () => {
    expect(DEFAULT_FIND_OPTIONS).toEqual({ limit: MAX_FIND_LIMIT, offset: 0 });
    expect(Object.isFrozen(DEFAULT_FIND_OPTIONS)).toBe(true);
  });
});

describe('buildFindOptions: rejections', () => {
  it.each<[string, unknown, string]>([
    ['a non-object', 10, 'options'],
    ['a list', [], 'options'],
    ['an unknown option', { limt: 10 }, 'options.limt'],
    ['limit 0', { limit: 0 }, 'options.limit'],
    ['limit 101', { limit: 101 }, 'options.limit'],
    ['a negative limit', { limit: -1 }, 'options.limit'],
    ['a fractional limit', { limit: 1.5 }, 'options.limit'],
    ['a string limit', { limit: '10' }, 'options.limit'],
    ['a null limit', { limit: null }, 'options.limit'],
    ['a negative offset', { offset: -1 }, 'options.offset'],
    ['a fractional offset', { offset: 0.5 }, 'options.offset'],
    ['an infinite offset', { offset: Number.POSITIVE_INFINITY }, 'options.offset'],
    ['sort not a list', { sort: { key1: 'asc' } }, 'options.sort'],
    ['an empty sort', { sort: [] }, 'options.sort'],
    ['a null sort', { sort: null }, 'options.sort'],
    ['a string criterion', { sort: ['key1'] }, 'options.sort.0'],
    ['an empty criterion', { sort: [{}] }, 'options.sort.0'],
    ['a two-field criterion', { sort: [{ key1: 'asc', key2: 'asc' }] }, 'options.sort.0'],
    ['a list criterion', { sort: [['key1', 'asc']] }, 'options.sort.0'],
    ['an unsortable field', { sort: [{ recordKey: 'asc' }] }, 'options.sort.0.recordKey'],
    ['version', { sort: [{ version: 'asc' }] }, 'options.sort.0.version'],
    ['a snake_case field', { sort: [{ range_key1: 'asc' }] }, 'options.sort.0.range_key1'],
    ['an upper-case order', { sort: [{ key1: 'ASC' }] }, 'options.sort.0.key1'],
    ['a numeric order', { sort: [{ key1: 1 }] }, 'options.sort.0.key1'],
    [
      'a duplicate field',
      { sort: [{ key1: 'asc' }, { key2: 'asc' }, { key1: 'desc' }] },
      'options.sort.2.key1',
    ],
  ])('%s', (_name, options, path) => {
    const error = rejectionOf(options);
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path} `)).toBe(true);
  });

  it('says to paginate when the limit is too high', () => {
    expect(rejectionOf({ limit: 500 }).message).toBe(
      'options.limit must be at most 100: use offset to paginate',
    );
  });

  it('hints at the camelCase sort field', () => {
    expect(rejectionOf({ sort: [{ created_at: 'asc' }] }).message).toContain('use createdAt');
  });

  it('names the argument as told', () => {
    expect(() => buildFindOptions({ limit: 0 }, 'findOptions')).toThrow(
      expect.objectContaining({ path: 'findOptions.limit' }),
    );
  });

  it('never quotes an offending value', () => {
    const marker = fc.string({ minLength: 12, maxLength: 40 }).map((text) => `M@rk3r-${text}`);
    const bad = fc.oneof(
      marker.map((value) => ({ options: { limit: value }, value })),
      marker.map((value) => ({ options: { offset: value }, value })),
      marker.map((value) => ({ options: { sort: [{ key1: value }] }, value })),
      marker.map((value) => ({ options: { sort: [value] }, value })),
      marker.map((value) => ({ options: { sort: value }, value })),
    );
    fc.assert(
      fc.property(bad, ({ options, value }) => {
        expect(rejectionOf(options).message).not.toContain(value);
      }),
      { numRuns: 200 },
    );
  });
});

describe('buildFindOptions: sorting on search keys', () => {
  const HASHED: InputContext = { encryption: 'LOCAL', hashSearchKeys: true };
  const HASHED_OFF: InputContext = { encryption: 'OFF', hashSearchKeys: true };
  const PLAIN: InputContext = { encryption: 'LOCAL', hashSearchKeys: false };
  const SSE: InputContext = { encryption: 'SSE', hashSearchKeys: true };

  it.each([HASHED, HASHED_OFF])('refuses key1..key20 where they are hashed (%o)', (context) => {
    const sort = [{ rangeKey1: 'asc' }, { key7: 'desc' }];
    expect(() => buildFindOptions({ sort }, 'options', context)).toThrow(
      expect.objectContaining({
        name: 'InputValidationError',
        path: 'options.sort.1.key7',
        message:
          'options.sort.1.key7 needs plain search keys: create the storage with hashSearchKeys: ' +
          'false (this storage hashes key1..key20, so it would order the hashes, not the values)',
      }),
    );
  });

  it('sorts by other fields where search keys are hashed', () => {
    const sort = [{ rangeKey1: 'asc' }, { createdAt: 'desc' }];
    expect(buildFindOptions({ sort }, 'options', HASHED).sort).toEqual([
      { range_key1: 'asc' },
      { created_at: 'desc' },
    ]);
  });

  it.each([PLAIN, SSE])('sorts by key1..key20 where they are plain (%o)', (context) => {
    expect(buildFindOptions({ sort: [{ key1: 'asc' }] }, 'options', context).sort).toEqual([
      { key1: 'asc' },
    ]);
  });

  it('leaves key sorts to the server without the storage settings', () => {
    expect(buildFindOptions({ sort: [{ key20: 'desc' }] }).sort).toEqual([{ key20: 'desc' }]);
  });
});
