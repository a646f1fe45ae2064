import { describe, expect, it } from 'vitest';
import { definedEntries, isPlainObject } from '../src/plain-object.ts';

describe('isPlainObject', () => {
  it('accepts object literals and prototype-less objects only', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    for (const value of [null, undefined, [], new Date(), new Map(), 'x', 1, () => 1]) {
      expect(isPlainObject(value)).toBe(false);
    }
  });
});

describe('definedEntries', () => {
  it('skips undefined properties but keeps null', () => {
    expect(definedEntries({ a: 1, b: undefined, c: null })).toEqual([
      ['a', 1],
      ['c', null],
    ]);
  });
});
