import { StorageConfigValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { Cipher } from '../src/cipher.ts';
import {
  type CipherOptions,
  DEFAULT_CIPHER_OPTIONS,
  MAX_MESSAGES_PER_KEY,
  resolveCipherOptions,
} from '../src/cipher-options.ts';

describe('resolveCipherOptions', () => {
  it('applies the defaults', () => {
    const resolved = resolveCipherOptions({});
    expect(resolved.keyReuse).toEqual({ maxMessages: 2 ** 24, maxAgeMs: 600_000 });
    expect(resolved.keyCacheSize).toBe(DEFAULT_CIPHER_OPTIONS.keyCacheSize);
    expect(resolved.customEncryptionConfigs).toEqual([]);
    expect(resolved.now).toBe(Date.now);
    expect(MAX_MESSAGES_PER_KEY).toBe(16_777_216);
  });

  it('keeps keyReuse false and merges partial bounds', () => {
    expect(resolveCipherOptions({ keyReuse: false }).keyReuse).toBe(false);
    expect(resolveCipherOptions({ keyReuse: { maxMessages: 10 } }).keyReuse).toEqual({
      maxMessages: 10,
      maxAgeMs: 600_000,
    });
    expect(resolveCipherOptions({ keyReuse: { maxAgeMs: Infinity } }).keyReuse).toEqual({
      maxMessages: 2 ** 24,
      maxAgeMs: Infinity,
    });
  });

  it.each<[string, CipherOptions]>([
    ['a negative cache size', { keyCacheSize: -1 }],
    ['a fractional cache size', { keyCacheSize: 1.5 }],
    ['zero messages', { keyReuse: { maxMessages: 0 } }],
    ['more than 2^24 messages', { keyReuse: { maxMessages: 2 ** 24 + 1 } }],
    ['a zero age', { keyReuse: { maxAgeMs: 0 } }],
    ['a NaN age', { keyReuse: { maxAgeMs: Number.NaN } }],
  ])('refuses %s', (_name, options) => {
    expect(() => resolveCipherOptions(options)).toThrow(StorageConfigValidationError);
    expect(() => new Cipher(options)).toThrow(StorageConfigValidationError);
  });
});
