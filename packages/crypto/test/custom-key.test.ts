import { StorageCryptoError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { customEncryptionKey } from '../src/custom-key.ts';

describe('customEncryptionKey', () => {
  it('decodes the base64 of a custom secret', () => {
    const secret = { version: 1, secret: 'AQID', isKey: false, isForCustomEncryption: true };
    expect(customEncryptionKey(secret)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses a secret not flagged for custom encryption, or not base64', () => {
    const secret = { version: 1, secret: 'AQID', isKey: false, isForCustomEncryption: false };
    expect(() => customEncryptionKey(secret)).toThrow(StorageCryptoError);
    const bad = { ...secret, secret: 'not base64 secret', isForCustomEncryption: true };
    expect(() => customEncryptionKey(bad)).toThrow(StorageCryptoError);
    expect(() => customEncryptionKey(bad)).not.toThrow(/not base64 secret/);
  });
});
