import { describe, expect, it } from 'vitest';
import { INT64_MAX, INT64_MIN, int64FromText, isInt64, toInt64Read } from '../src/index.ts';

const SAFE = Number.MAX_SAFE_INTEGER;

describe('INT64_MIN and INT64_MAX', () => {
  it('are −2^63 and 2^63 − 1', () => {
    expect(INT64_MIN).toBe(-9223372036854775808n);
    expect(INT64_MAX).toBe(9223372036854775807n);
  });
});

describe('isInt64', () => {
  it('takes safe-integer numbers and in-range bigints', () => {
    for (const value of [0, -0, 1, -1, SAFE, -SAFE, 0n, 5n, INT64_MAX, INT64_MIN, 2n ** 53n + 1n]) {
      expect(isInt64(value)).toBe(true);
    }
  });

  it('refuses bigints past the range, unsafe or fractional numbers and other types', () => {
    for (const value of [
      INT64_MAX + 1n,
      INT64_MIN - 1n,
      2 ** 53,
      -(2 ** 53),
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '1',
      null,
      undefined,
      {},
    ]) {
      expect(isInt64(value)).toBe(false);
    }
  });
});

describe('int64FromText', () => {
  it('reads safe integers as numbers', () => {
    expect(int64FromText('0')).toBe(0);
    expect(int64FromText('-1')).toBe(-1);
    expect(int64FromText(String(SAFE))).toBe(SAFE);
    expect(int64FromText(String(-SAFE))).toBe(-SAFE);
  });

  it('reads every integer past the safe range as an exact bigint', () => {
    expect(int64FromText('9007199254740992')).toBe(2n ** 53n);
    expect(int64FromText('9007199254740993')).toBe(2n ** 53n + 1n);
    expect(int64FromText('-9007199254740993')).toBe(-(2n ** 53n) - 1n);
    expect(int64FromText('9223372036854775807')).toBe(INT64_MAX);
    expect(int64FromText('-9223372036854775808')).toBe(INT64_MIN);
  });

  it('throws on a text that is not an integer', () => {
    expect(() => int64FromText('12345678901234567.5')).toThrow(SyntaxError);
  });
});

describe('toInt64Read', () => {
  it('turns bigints of the safe range into numbers and keeps the rest', () => {
    expect(toInt64Read(5n)).toBe(5);
    expect(toInt64Read(BigInt(-SAFE))).toBe(-SAFE);
    expect(toInt64Read(BigInt(SAFE) + 1n)).toBe(2n ** 53n);
    expect(toInt64Read(INT64_MIN)).toBe(INT64_MIN);
    expect(toInt64Read(42)).toBe(42);
  });
});
