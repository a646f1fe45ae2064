import { describe, expect, it } from 'vitest';
import { isPlainObject } from '../src/index.ts';

describe('isPlainObject', () => {
  it('accepts object literals and prototype-less objects only', () => {
    expect(isPlainObject(JSON.parse('{"a":[1]}'))).toBe(true);
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    for (const value of [null, undefined, [], new Date(), new Map(), 'x', 1, () => 1]) {
      expect(isPlainObject(value)).toBe(false);
    }
  });
});
