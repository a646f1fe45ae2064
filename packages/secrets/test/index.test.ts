import * as crypto from '@residency/crypto';
import { describe, expect, it } from 'vitest';
import * as secrets from '../src/index.ts';

describe('the public surface', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(secrets).sort()).toEqual([
      'SecretKeyAccessor',
      'SecretsDataSchema',
      'checkCustomEncryption',
      'parseSecretsData',
      'validateCustomEncryptionConfigs',
    ]);
  });

  it("re-exports crypto's validateCustomEncryptionConfigs, so Cipher and secrets share its rules", () => {
    expect(secrets.validateCustomEncryptionConfigs).toBe(crypto.validateCustomEncryptionConfigs);
  });
});
