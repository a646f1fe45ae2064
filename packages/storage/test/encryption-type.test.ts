import { StorageConfigValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { EncryptionType, toEncryptionType } from '../src/index.ts';

describe('EncryptionType', () => {
  it('is a frozen closed set', () => {
    expect(EncryptionType).toEqual({ LOCAL: 'LOCAL', SSE: 'SSE', OFF: 'OFF' });
    expect(Object.isFrozen(EncryptionType)).toBe(true);
  });

  it.each([
    [true, 'LOCAL'],
    [false, 'OFF'],
    ['LOCAL', 'LOCAL'],
    ['SSE', 'SSE'],
    ['OFF', 'OFF'],
  ] as const)('reads %j as %s', (value, expected) => {
    expect(toEncryptionType(value)).toBe(expected);
  });

  it.each(['local', 'AES', 1, null, undefined])('refuses %j', (value) => {
    expect(() => toEncryptionType(value as never)).toThrow(StorageConfigValidationError);
  });
});
