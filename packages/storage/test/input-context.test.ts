import { codePointLength } from '@residency/protocol';
import { describe, expect, it } from 'vitest';
import { searchKeysArePlain } from '../src/input-context.ts';

describe('searchKeysArePlain', () => {
  it('is true without hashing of search keys or in SSE mode', () => {
    expect(searchKeysArePlain({ encryption: 'LOCAL', hashSearchKeys: true })).toBe(false);
    expect(searchKeysArePlain({ encryption: 'OFF', hashSearchKeys: true })).toBe(false);
    expect(searchKeysArePlain({ encryption: 'LOCAL', hashSearchKeys: false })).toBe(true);
    expect(searchKeysArePlain({ encryption: 'SSE', hashSearchKeys: true })).toBe(true);
  });
});

describe('codePointLength', () => {
  it('counts code points, as Python len does', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀a')).toBe(2);
  });
});
