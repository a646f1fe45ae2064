import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INT64_MAX, INT64_MIN, parseJson, stringifyJson } from '../src/index.ts';

/** The values of the issue: both ends of int64, both sides of 2^53, and the small ones. */
const INT64_EDGES: readonly bigint[] = [
  INT64_MAX,
  -INT64_MAX,
  INT64_MIN,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  -(2n ** 53n) + 1n,
  -(2n ** 53n),
  -(2n ** 53n) - 1n,
  0n,
  -1n,
];

/** How a value reads back: a number when it is a safe integer, else a bigint. */
function readForm(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * Tells whether a value holds a number that `JSON.stringify` writes as an integer literal of up
 * to 19 digits past the safe range (fast-check's doubles include 2^53 and the like): the exact
 * parse reads those back as bigints, where `JSON.parse` rounds them.
 */
function holdsUnsafeInteger(value: unknown): boolean {
  if (typeof value === 'number') {
    return Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 1e19;
  }
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsUnsafeInteger);
}

describe('parseJson', () => {
  it('reads every int64 edge exactly: a number when safe, else a bigint', () => {
    for (const value of INT64_EDGES) {
      const parsed = parseJson(`{"range_key1":${value},"list":[${value}]}`);
      expect(parsed).toEqual({ range_key1: readForm(value), list: [readForm(value)] });
    }
  });

  it('reads a bare top-level big integer exactly', () => {
    expect(parseJson('9223372036854775807')).toBe(INT64_MAX);
    expect(parseJson(' -9223372036854775808 ')).toBe(INT64_MIN);
  });

  it('keeps a big number inside a string a string', () => {
    const text = '{"body":"9223372036854775807","n":9223372036854775807}';
    expect(parseJson(text)).toEqual({ body: '9223372036854775807', n: INT64_MAX });
  });

  it('reads what is not an integer of up to 19 digits as JSON.parse does', () => {
    const text =
      '{"a":1.5,"b":1e18,"c":12345678901234567.5,"d":123456789012345678901,"e":-0,"f":1e400}';
    const parsed = parseJson(text) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(text));
    expect(Object.is(parsed.e, -0)).toBe(true);
  });

  it('reads a 19-digit integer past int64 as an exact bigint, for the caller to refuse', () => {
    expect(parseJson('[9223372036854775808]')).toEqual([2n ** 63n]);
    expect(parseJson('[-9223372036854775809]')).toEqual([-(2n ** 63n) - 1n]);
  });

  it('keeps the last of duplicate keys, as JSON.parse does, on both paths', () => {
    expect(parseJson('{"a":1,"a":2}')).toEqual({ a: 2 });
    expect(parseJson('{"a":1,"b":9223372036854775807,"a":2}')).toEqual({ a: 2, b: INT64_MAX });
  });

  it('keeps a __proto__ key an own property on the exact path, as JSON.parse does', () => {
    const parsed = parseJson('{"__proto__":{"polluted":1},"n":9223372036854775807}') as object;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
  });

  it('refuses what JSON.parse refuses, on the exact path too', () => {
    for (const text of [
      '{"a":01234567890123456}',
      '{"a":9223372036854775807,}',
      '[9223372036854775807',
      '{"a":9223372036854775807} x',
      '{"a":"\u0001","b":9223372036854775807}',
      '',
    ]) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      expect(() => parseJson(text), text).toThrow(SyntaxError);
    }
  });

  it('refuses nesting too deep for the exact parser with a SyntaxError', () => {
    const text = `${'['.repeat(100_000)}9223372036854775807${']'.repeat(100_000)}`;
    expect(() => parseJson(text)).toThrow(SyntaxError);
  });

  it('reads deep nesting without a big integer as JSON.parse does', () => {
    const text = `${'['.repeat(300)}1${']'.repeat(300)}`;
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('reads a safe 16-digit literal and big numbers that are no integers as JSON.parse does', () => {
    const text = '{"a":9007199254740991,"b":-9007199254740991,"c":1e300,"d":[1e16,-2.5e20]}';
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('keeps 16-digit runs inside strings strings, hashes included', () => {
    const hash = '1234567890123456789012345678901234567890123456789012345678901234';
    const text = `{"record_key":"${hash}","body":"a:1234567890123456","n":9223372036854775807}`;
    expect(parseJson(text)).toEqual({ record_key: hash, body: 'a:1234567890123456', n: INT64_MAX });
    expect(parseJson(`{"record_key":"${hash}"}`)).toEqual({ record_key: hash });
  });

  it('agrees with JSON.parse on any JSON holding no integer past the safe range', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!holdsUnsafeInteger(value));
        const text = JSON.stringify(value);
        expect(parseJson(text)).toEqual(JSON.parse(text));
        // The same text with a long literal added goes down the exact path, and agrees too.
        const padded = `[${text},1234567890123456]`;
        expect(parseJson(padded)).toEqual(JSON.parse(padded));
      }),
    );
  });

  it('round-trips any int64 inside any JSON, with stringifyJson', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), (value, big) => {
        fc.pre(!holdsUnsafeInteger(value));
        const text = stringifyJson({ value, big, list: [big, -big] });
        expect(parseJson(text)).toEqual({
          value: JSON.parse(JSON.stringify(value)),
          big: readForm(big),
          list: [readForm(big), readForm(-big)],
        });
      }),
    );
  });
});

describe('stringifyJson', () => {
  it('writes a bigint as its bare digits', () => {
    for (const value of INT64_EDGES) {
      expect(stringifyJson({ range_key1: value })).toBe(`{"range_key1":${value}}`);
    }
  });

  it('writes what JSON.stringify writes for a value without bigints', () => {
    const value = {
      a: 'x',
      b: [1, null, true],
      c: new Date('2024-05-01T12:00:00.000Z'),
      d: undefined,
      e: Number.NaN,
    };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
    expect(stringifyJson(value, 2)).toBe(JSON.stringify(value, null, 2));
  });

  it('writes the rest of a value holding a bigint as JSON.stringify would', () => {
    const value = {
      s: 'q"\n\u2028',
      d: new Date('2024-05-01T12:00:00.000Z'),
      u: undefined,
      list: [undefined, 1.5, { n: 9007199254740993n }],
    };
    expect(stringifyJson(value)).toBe(
      `{"s":${JSON.stringify(value.s)},"d":"2024-05-01T12:00:00.000Z","list":[null,1.5,{"n":9007199254740993}]}`,
    );
    expect(stringifyJson({ n: 1n, m: [2n] }, 2)).toBe('{\n  "n": 1,\n  "m": [\n    2\n  ]\n}');
  });

  it('throws as JSON.stringify does for a cycle, with or without a bigint', () => {
    const cycle: { self?: unknown; n: bigint } = { n: 1n };
    cycle.self = cycle;
    expect(() => stringifyJson(cycle)).toThrow(TypeError);
    const plain: { self?: unknown } = {};
    plain.self = plain;
    expect(() => stringifyJson(plain)).toThrow(/circular/i);
  });

  it('throws for a value with no JSON text', () => {
    expect(() => stringifyJson(undefined)).toThrow(TypeError);
    expect(() => stringifyJson(() => 1)).toThrow(TypeError);
  });
});
