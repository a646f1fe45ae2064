import { InputValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { checkKey, checkValue } from '../../src/hana/secure-store-limits.ts';
import { memoryStore, rejection, thrown } from '../support/stores.ts';

describe('checkKey and checkValue', () => {
  it('accepts keys up to 1024 UTF-16 code units (a character beyond the BMP counts twice)', () => {
    expect(checkKey('k'.repeat(1024), 'get')).toHaveLength(1024);
    expect(thrown(() => checkKey('🔑'.repeat(513), 'get')).message).toBe(
      'get(): key must be at most 1024 characters (it has 1026)',
    );
  });

  it('refuses a key that is not a string', () => {
    const error = thrown(() => checkKey(7, 'get'));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toBe('get(): key must be a non-empty string');
  });

  it('turns text into UTF-8 bytes and keeps bytes as they are', () => {
    expect(checkValue('é', 'set')).toEqual(Uint8Array.of(0xc3, 0xa9));
    const bytes = Uint8Array.of(1, 2);
    expect(checkValue(bytes, 'set')).toBe(bytes);
  });

  it('refuses a value that is neither bytes nor text, before connecting', async () => {
    const { store, driver } = memoryStore();
    const error = await rejection(store.set('k', 42 as never));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toBe('set(): value must be a Uint8Array or a string');
    expect((error as InputValidationError).path).toBe('value');
    expect(driver.connects).toHaveLength(0);
  });
});
