import { describe, expect, it } from 'vitest';
import { hexEncode } from '../src/encoding.ts';
import { randomBytes } from '../src/random-bytes.ts';

describe('randomBytes', () => {
  it('gives fresh bytes of any length, pooled or not', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 1000; index++) seen.add(hexEncode(randomBytes(12)));
    expect(seen.size).toBe(1000);
    const large = randomBytes(100_000);
    expect(large).toHaveLength(100_000);
    expect(large.subarray(70_000, 70_064).some((byte) => byte !== 0)).toBe(true);
    expect(randomBytes(0)).toHaveLength(0);
  });
});
