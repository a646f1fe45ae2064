import { describe, expect, it } from 'vitest';
import { definedEntries } from '../src/plain-object.ts';

describe('definedEntries', () => {
  it('skips undefined properties but keeps null', () => {
    expect(definedEntries({ a: 1, b: undefined, c: null })).toEqual([
      ['a', 1],
      ['c', null],
    ]);
  });
});
