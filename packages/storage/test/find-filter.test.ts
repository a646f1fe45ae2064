import { InputValidationError } from '@residency/errors';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { buildFindFilter, type FindFilterContext } from '../src/find-filter.ts';

const hashKey = (field: string, value: string): string => `h(${field}:${value})`;
const LOCAL: FindFilterContext = { hashKey, encryption: 'LOCAL', hashSearchKeys: true };
const PLAIN: FindFilterContext = { ...LOCAL, hashSearchKeys: false };
const SSE: FindFilterContext = { ...LOCAL, encryption: 'SSE' };

const date = new Date('2021-08-11T12:36:52.607Z');
const iso = '2021-08-11T12:36:52.607Z';

function rejectionOf(filter: unknown, context: FindFilterContext = LOCAL): InputValidationError {
  try {
    buildFindFilter(filter, context);
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    return error as InputValidationError;
  }
  throw new Error('expected an InputValidationError');
}

describe('buildFindFilter: accepted forms', () => {
  // Partial matches need plain search keys (hashSearchKeys: false, or SSE); the rest is LOCAL.
  it.each<[string, unknown, unknown, FindFilterContext?]>([
    ['no filter', undefined, {}],
    ['an empty filter', {}, {}],
    ['a string key scalar', { recordKey: 'a' }, { record_key: 'h(record_key:a)' }],
    ['a profile key', { profileKey: 'p' }, { profile_key: 'h(profile_key:p)' }],
    ['a parent key', { parentKey: 'p' }, { parent_key: 'h(parent_key:p)' }],
    ['a service key', { serviceKey5: 's' }, { service_key5: 'h(service_key5:s)' }],
    ['a search key', { key20: 'k' }, { key20: 'h(key20:k)' }],
    ['a list of strings', { key1: ['a', 'b'] }, { key1: ['h(key1:a)', 'h(key1:b)'] }],
    ['null', { profileKey: null }, { profile_key: null }],
    ['$not of a string', { key2: { $not: 'a' } }, { key2: { $not: 'h(key2:a)' } }],
    [
      '$not of a list',
      { serviceKey1: { $not: ['a', 'b'] } },
      { service_key1: { $not: ['h(service_key1:a)', 'h(service_key1:b)'] } },
    ],
    ['$not of null', { parentKey: { $not: null } }, { parent_key: { $not: null } }],
    ['$like, unhashed', { key3: { $like: 'abc' } }, { key3: { $like: 'abc' } }, PLAIN],
    ['$like in SSE mode', { key3: { $like: 'abc' } }, { key3: { $like: 'abc' } }, SSE],
    [
      '$like with $not: the whole object unhashed',
      { key3: { $like: 'abc', $not: ['x', 'y'] } },
      { key3: { $like: 'abc', $not: ['x', 'y'] } },
      PLAIN,
    ],
    ['an integer', { rangeKey1: 5 }, { range_key1: 5 }],
    ['a list of integers', { rangeKey10: [1, 2] }, { range_key10: [1, 2] }],
    ['an integer null', { rangeKey2: null }, { range_key2: null }],
    ['$not of an integer', { version: { $not: 1 } }, { version: { $not: 1 } }],
    ['$not of a list of integers', { version: { $not: [1, 2] } }, { version: { $not: [1, 2] } }],
    ['$not of null (int)', { rangeKey3: { $not: null } }, { range_key3: { $not: null } }],
    ['$gt with $lte', { rangeKey7: { $gt: 1, $lte: 10 } }, { range_key7: { $gt: 1, $lte: 10 } }],
    ['$gte with $lt', { rangeKey7: { $gte: 0, $lt: 0 } }, { range_key7: { $gte: 0, $lt: 0 } }],
    ['bounds with $not', { rangeKey1: { $not: 3, $gt: 0 } }, { range_key1: { $not: 3, $gt: 0 } }],
    ['a negative integer', { rangeKey1: -7 }, { range_key1: -7 }],
    ['expiresAt as a Date', { expiresAt: date }, { expires_at: iso }],
    [
      'expiresAt as an ISO string',
      { expiresAt: '2021-08-11T14:36:52.607+02:00' },
      { expires_at: iso },
    ],
    ['expiresAt null', { expiresAt: null }, { expires_at: null }],
    [
      'expiresAt list',
      { expiresAt: [date, '2021-08-11'] },
      { expires_at: [iso, '2021-08-11T00:00:00.000Z'] },
    ],
    ['expiresAt $not null', { expiresAt: { $not: null } }, { expires_at: { $not: null } }],
    ['expiresAt $not date', { expiresAt: { $not: date } }, { expires_at: { $not: iso } }],
    [
      'createdAt bounds',
      { createdAt: { $gte: date, $lt: '2021-08-12T00:00:00Z' } },
      { created_at: { $gte: iso, $lt: '2021-08-12T00:00:00.000Z' } },
    ],
    ['updatedAt scalar', { updatedAt: date }, { updated_at: iso }],
    ['updatedAt $not list', { updatedAt: { $not: [date] } }, { updated_at: { $not: [iso] } }],
    ['searchKeys, unhashed', { searchKeys: 'abc' }, { search_keys: 'abc' }, PLAIN],
    ['searchKeys in SSE mode', { searchKeys: 'abc' }, { search_keys: 'abc' }, SSE],
    [
      'searchKeys with other keys',
      { searchKeys: 'abc', recordKey: 'r', rangeKey1: 1 },
      { search_keys: 'abc', record_key: 'h(record_key:r)', range_key1: 1 },
      PLAIN,
    ],
    [
      '$or, items hashed',
      { $or: [{ key1: '123' }, { key2: ['a'], profileKey: { $not: 'p' } }] },
      {
        $or: [
          { key1: 'h(key1:123)' },
          { key2: ['h(key2:a)'], profile_key: { $not: 'h(profile_key:p)' } },
        ],
      },
    ],
    [
      '$or with $like and null',
      { $or: [{ key1: { $like: 'ab' } }, { recordKey: null }], rangeKey1: 1 },
      { $or: [{ key1: { $like: 'ab' } }, { record_key: null }], range_key1: 1 },
      PLAIN,
    ],
    [
      'undefined fields are absent',
      { key1: undefined, rangeKey1: { $gt: 1, $gte: undefined } },
      { range_key1: { $gt: 1 } },
    ],
    [
      'empty strings',
      { key1: '', recordKey: '' },
      { key1: 'h(key1:)', record_key: 'h(record_key:)' },
    ],
  ])('%s', (_name, filter, expected, context = LOCAL) => {
    expect(buildFindFilter(filter, context)).toEqual(expected);
  });

  it('accepts an object without a prototype', () => {
    const filter = Object.assign(Object.create(null) as object, { key1: 'a' });
    expect(buildFindFilter(filter, LOCAL)).toEqual({ key1: 'h(key1:a)' });
  });

  it('calls hashKey with the wire field name and each string, never for $like or searchKeys', () => {
    const spy = vi.fn(hashKey);
    buildFindFilter({ searchKeys: 'search', rangeKey1: 1 }, { ...PLAIN, hashKey: spy });
    buildFindFilter(
      {
        serviceKey2: ['a', 'b'],
        key4: { $like: 'like' },
        $or: [{ recordKey: 'r' }, { parentKey: { $not: 'p' } }],
      },
      { ...PLAIN, hashKey: spy },
    );
    expect(spy.mock.calls).toEqual([
      ['service_key2', 'a'],
      ['service_key2', 'b'],
      ['record_key', 'r'],
      ['parent_key', 'p'],
    ]);
  });

  it('still hands key1..key20 to hashKey with hashSearchKeys false (the codec decides)', () => {
    const identity = (_field: string, value: string): string => value;
    expect(buildFindFilter({ key1: 'Abc' }, { ...PLAIN, hashKey: identity })).toEqual({
      key1: 'Abc',
    });
    expect(buildFindFilter({ key1: 'Abc' }, PLAIN)).toEqual({ key1: 'h(key1:Abc)' });
  });

  it('allows long key values when search keys are hashed', () => {
    // A digest is short whatever it hashes (SHA-256 hex is 64 characters).
    const digest: FindFilterContext = {
      ...LOCAL,
      hashKey: (field, value) => `h(${field}:${value.length})`,
    };
    const long = 'x'.repeat(1000);
    expect(buildFindFilter({ key1: long, recordKey: long }, digest)).toEqual({
      key1: 'h(key1:1000)',
      record_key: 'h(record_key:1000)',
    });
  });

  it('allows 256 characters (code points) for plain search keys', () => {
    // Plain search keys are sent as given (the codec's hashKey leaves them).
    const plain: FindFilterContext = {
      ...PLAIN,
      hashKey: (field, value) => (field.startsWith('key') ? value : hashKey(field, value)),
    };
    const emoji = '😀'.repeat(256);
    expect(buildFindFilter({ key1: emoji, key2: { $like: 'y'.repeat(256) } }, plain)).toEqual({
      key1: emoji,
      key2: { $like: 'y'.repeat(256) },
    });
  });

  it('counts searchKeys bounds in code points', () => {
    expect(buildFindFilter({ searchKeys: '😀😀😀' }, PLAIN)).toEqual({ search_keys: '😀😀😀' });
    expect(buildFindFilter({ searchKeys: 's'.repeat(200) }, PLAIN)).toEqual({
      search_keys: 's'.repeat(200),
    });
  });
});

describe('buildFindFilter: rejections', () => {
  const long = 'x'.repeat(257);
  it.each<[string, unknown, string, FindFilterContext?]>([
    ['a non-object filter', 'key1', 'filter'],
    ['a list as the filter', [{ key1: 'a' }], 'filter'],
    ['an unknown field', { key21: 'a' }, 'filter.key21'],
    ['a snake_case field', { record_key: 'a' }, 'filter.record_key'],
    ['a number for a string key', { key1: 1 }, 'filter.key1'],
    ['a boolean for a string key', { recordKey: true }, 'filter.recordKey'],
    ['an empty list', { key1: [] }, 'filter.key1'],
    ['a non-string in a list', { key1: ['a', 2] }, 'filter.key1.1'],
    ['null in a list', { key1: ['a', null] }, 'filter.key1.1'],
    ['a nested list', { key1: [['a']] }, 'filter.key1.0'],
    ['an empty operator object', { key1: {} }, 'filter.key1'],
    ['an all-undefined operator object', { key1: { $not: undefined } }, 'filter.key1'],
    ['an unknown operator', { key1: { $ne: 'a' } }, 'filter.key1.$ne'],
    ['$like on a non-search key', { profileKey: { $like: 'a' } }, 'filter.profileKey.$like'],
    ['$gt on a string key', { key1: { $gt: 'a' } }, 'filter.key1.$gt'],
    ['a non-string $like', { key1: { $like: ['a'] } }, 'filter.key1.$like', PLAIN],
    ['a null $like', { key1: { $like: null } }, 'filter.key1.$like', PLAIN],
    ['an empty $not list', { key1: { $not: [] } }, 'filter.key1.$not'],
    ['a number in $not', { key1: { $not: 5 } }, 'filter.key1.$not'],
    ['a Date for a string key', { key1: new Date() }, 'filter.key1'],
    ['a string for an int key', { rangeKey1: '1' }, 'filter.rangeKey1'],
    ['a fraction', { rangeKey1: 1.5 }, 'filter.rangeKey1'],
    ['an unsafe integer', { version: 2 ** 53 }, 'filter.version'],
    ['NaN', { rangeKey1: Number.NaN }, 'filter.rangeKey1'],
    ['a fraction in a list', { rangeKey1: [1, 1.5] }, 'filter.rangeKey1.1'],
    ['$gt with $gte', { rangeKey1: { $gt: 1, $gte: 2 } }, 'filter.rangeKey1'],
    ['$gt with $gte at 0', { rangeKey1: { $gt: 0, $gte: 0 } }, 'filter.rangeKey1'],
    ['$lt with $lte', { rangeKey1: { $lt: 1, $lte: 2 } }, 'filter.rangeKey1'],
    ['a null bound', { rangeKey1: { $gt: null } }, 'filter.rangeKey1.$gt'],
    ['a list bound', { rangeKey1: { $lt: [1] } }, 'filter.rangeKey1.$lt'],
    ['$like on an int key', { rangeKey1: { $like: 'a' } }, 'filter.rangeKey1.$like'],
    ['an invalid date string', { expiresAt: 'tomorrow' }, 'filter.expiresAt'],
    ['an impossible date', { expiresAt: '2021-02-30' }, 'filter.expiresAt'],
    ['an invalid Date', { expiresAt: new Date(Number.NaN) }, 'filter.expiresAt'],
    ['a number for a date', { expiresAt: 1_628_685_412 }, 'filter.expiresAt'],
    ['an empty date list', { expiresAt: [] }, 'filter.expiresAt'],
    ['a bad date in a list', { expiresAt: [date, 'x'] }, 'filter.expiresAt.1'],
    ['a bad date bound', { createdAt: { $gt: 'x' } }, 'filter.createdAt.$gt'],
    ['createdAt null', { createdAt: null }, 'filter.createdAt'],
    ['updatedAt $not null', { updatedAt: { $not: null } }, 'filter.updatedAt.$not'],
    ['$gt with $gte on dates', { updatedAt: { $gt: date, $gte: date } }, 'filter.updatedAt'],
    ['searchKeys too short', { searchKeys: 'ab' }, 'filter.searchKeys', PLAIN],
    ['searchKeys too long', { searchKeys: 's'.repeat(201) }, 'filter.searchKeys', PLAIN],
    ['searchKeys not a string', { searchKeys: ['abc'] }, 'filter.searchKeys', PLAIN],
    ['searchKeys null', { searchKeys: null }, 'filter.searchKeys', PLAIN],
    ['searchKeys with key1', { searchKeys: 'abc', key1: 'a' }, 'filter.searchKeys', PLAIN],
    ['searchKeys with key20 null', { key20: null, searchKeys: 'abc' }, 'filter.searchKeys', SSE],
    [
      'searchKeys with $like',
      { searchKeys: 'abc', key2: { $like: 'a' } },
      'filter.searchKeys',
      PLAIN,
    ],
    [
      'searchKeys with $or',
      { searchKeys: 'abc', $or: [{ key1: 'a' }, { key2: 'b' }] },
      'filter.searchKeys',
      PLAIN,
    ],
    ['$or not a list', { $or: { key1: 'a' } }, 'filter.$or'],
    ['$or with one item', { $or: [{ key1: 'a' }] }, 'filter.$or'],
    ['$or with an empty item', { $or: [{ key1: 'a' }, {}] }, 'filter.$or.1'],
    ['$or with a non-object item', { $or: [{ key1: 'a' }, 'key2'] }, 'filter.$or.1'],
    ['$or with an int key', { $or: [{ key1: 'a' }, { rangeKey1: 1 }] }, 'filter.$or.1.rangeKey1'],
    ['$or with a date', { $or: [{ expiresAt: null }, { key1: 'a' }] }, 'filter.$or.0.expiresAt'],
    [
      '$or with searchKeys',
      { $or: [{ key1: 'a' }, { searchKeys: 'abc' }] },
      'filter.$or.1.searchKeys',
      PLAIN,
    ],
    [
      'nested $or',
      { $or: [{ key1: 'a' }, { $or: [{ key1: 'a' }, { key2: 'b' }] }] },
      'filter.$or.1.$or',
    ],
    ['an unknown field in $or', { $or: [{ key1: 'a' }, { kee2: 'b' }] }, 'filter.$or.1.kee2'],
    ['a bad value in $or', { $or: [{ key1: 'a' }, { key2: [] }] }, 'filter.$or.1.key2'],
    ['a plain key over 256', { key1: long }, 'filter.key1', PLAIN],
    ['a plain key list item over 256', { key1: ['a', long] }, 'filter.key1.1', PLAIN],
    ['a plain $not over 256', { key1: { $not: long } }, 'filter.key1.$not', PLAIN],
    ['a plain $like over 256', { key1: { $like: long } }, 'filter.key1.$like', PLAIN],
    [
      'a plain $or key over 256',
      { $or: [{ key1: long }, { key2: 'a' }] },
      'filter.$or.0.key1',
      PLAIN,
    ],
    ['an SSE key over 256', { key5: long }, 'filter.key5', SSE],
  ])('%s', (_name, filter, path, context) => {
    const error = rejectionOf(filter, context);
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path} `)).toBe(true);
  });

  it('hints at the camelCase name of a snake_case field', () => {
    expect(rejectionOf({ service_key1: 'a' }).message).toContain('use serviceKey1');
    expect(rejectionOf({ $or: [{ key1: 'a' }, { profile_key: 'b' }] }).message).toContain(
      'use profileKey',
    );
  });

  it('describes the accepted forms when a value fits none', () => {
    expect(rejectionOf({ key1: 1 }).message).toBe(
      'filter.key1 must be a string, a non-empty list of strings, null, or an object of $not, $like',
    );
    expect(rejectionOf({ rangeKey1: 'a' }).message).toContain('must be an integer');
    expect(rejectionOf({ createdAt: 1 }).message).not.toContain('null');
  });

  it('names the argument as told', () => {
    expect(() => buildFindFilter({ key0: 'a' }, LOCAL, 'query')).toThrow(
      expect.objectContaining({ path: 'query.key0' }),
    );
  });

  it('never calls hashKey for a rejected filter field', () => {
    const spy = vi.fn(hashKey);
    expect(() => buildFindFilter({ key1: ['a', 1] }, { ...LOCAL, hashKey: spy })).toThrow(
      InputValidationError,
    );
    expect(spy).toHaveBeenCalledTimes(1);
  });
});

describe('buildFindFilter: partial matches need plain search keys', () => {
  const OFF: FindFilterContext = { ...LOCAL, encryption: 'OFF' };
  const rule =
    'needs plain search keys: create the storage with hashSearchKeys: false (this storage ' +
    'hashes key1..key20, so they would be matched against hashes and find nothing)';

  it.each<[string, unknown, string]>([
    ['searchKeys', { searchKeys: 'berlin' }, 'filter.searchKeys'],
    ['a short searchKeys (the mode is told first)', { searchKeys: 'ab' }, 'filter.searchKeys'],
    ['$like', { key1: { $like: 'berl' } }, 'filter.key1.$like'],
    ['$like with $not', { key20: { $like: 'berl', $not: 'x' } }, 'filter.key20.$like'],
    [
      '$like in $or',
      { $or: [{ recordKey: 'r' }, { key2: { $like: 'a' } }] },
      'filter.$or.1.key2.$like',
    ],
    ['$like beside other fields', { rangeKey1: 1, key3: { $like: 'a' } }, 'filter.key3.$like'],
  ])('refuses %s where search keys are hashed, in LOCAL and OFF mode', (_name, filter, path) => {
    for (const context of [LOCAL, OFF]) {
      const error = rejectionOf(filter, context);
      expect(error.path).toBe(path);
      expect(error.message).toBe(`${path} ${rule}`);
    }
  });

  it('names the field, never the value', () => {
    const value = 'M@rk3r-secret-city';
    for (const filter of [{ searchKeys: value }, { key4: { $like: value } }]) {
      expect(rejectionOf(filter, LOCAL).message).not.toContain(value);
    }
  });

  it('still takes exact matches, lists, $not and null on hashed search keys', () => {
    expect(
      buildFindFilter({ key1: 'a', key2: ['b'], key3: { $not: 'c' }, key4: null }, LOCAL),
    ).toEqual({ key1: 'h(key1:a)', key2: ['h(key2:b)'], key3: { $not: 'h(key3:c)' }, key4: null });
  });

  it('sends searchKeys and $like as given with hashSearchKeys false and in SSE mode', () => {
    for (const context of [PLAIN, SSE]) {
      expect(buildFindFilter({ searchKeys: 'berlin' }, context)).toEqual({ search_keys: 'berlin' });
      expect(buildFindFilter({ key1: { $like: 'berl' } }, context)).toEqual({
        key1: { $like: 'berl' },
      });
    }
  });
});

describe('buildFindFilter: messages never quote a value', () => {
  // Values of at least 12 characters, so a coincidental match with the message text is impossible.
  const marker = fc.string({ minLength: 12, maxLength: 40 }).map((text) => `M@rk3r-${text}`);
  const badFilter = fc.oneof(
    marker.map((value) => ({ filter: { rangeKey1: value }, value })),
    marker.map((value) => ({ filter: { key1: [value, 1] }, value })),
    marker.map((value) => ({ filter: { expiresAt: value }, value })),
    marker.map((value) => ({ filter: { createdAt: { $gt: value } }, value })),
    marker.map((value) => ({ filter: { searchKeys: value.repeat(20) }, value })),
    marker.map((value) => ({ filter: { searchKeys: value, key1: value }, value })),
    marker.map((value) => ({ filter: { key1: { $like: value, $ne: value } }, value })),
    marker.map((value) => ({ filter: { $or: [{ key1: value }] }, value })),
    marker.map((value) => ({ filter: { key1: value.repeat(20) }, value })),
  );

  it('for any offending string', () => {
    fc.assert(
      fc.property(badFilter, ({ filter, value }) => {
        const error = rejectionOf(filter, PLAIN);
        expect(error.message).not.toContain(value);
      }),
      { numRuns: 200 },
    );
  });
});
