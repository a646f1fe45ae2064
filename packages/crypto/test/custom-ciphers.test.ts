import { StorageConfigValidationError } from '@residency/errors';
import { describe, expect, it, vi } from 'vitest';
import { Cipher } from '../src/cipher.ts';
import type { CustomEncryptionConfig } from '../src/custom-encryption.ts';
import { base64Decode, base64Encode, utf8Encode } from '../src/encoding.ts';
import { expectCryptoError } from './support/assertions.ts';
import { CUSTOM_SECRET, PASSWORD, PLAINTEXT } from './support/constants.ts';
import { referenceDecrypt } from './support/reference.ts';
import { StaticSecretSource } from './support/secret-source.ts';

// A toy reversible cipher whose output contains ':' (the Python framing must survive it).
function reversing(version: string, isCurrent = true): CustomEncryptionConfig {
  return {
    version,
    isCurrent,
    encrypt: (input, _key, keyVersion) => `${keyVersion}:${[...input].reverse().join('')}`,
    decrypt: async (input) => [...input.slice(input.indexOf(':') + 1)].reverse().join(''),
  };
}

const SECRETS = {
  currentVersion: 1,
  secrets: [
    { secret: PASSWORD, version: 0 },
    { secret: CUSTOM_SECRET, version: 1, isForCustomEncryption: true },
  ],
};

function cipherWith(configs: CustomEncryptionConfig[], data: typeof SECRETS = SECRETS): Cipher {
  return new Cipher({ secrets: new StaticSecretSource(data), customEncryptionConfigs: configs });
}

describe('custom encryption', () => {
  it('writes c<base64(version)>:<base64(UTF-8(output))> with the current custom secret', async () => {
    const config = reversing('test');
    const encrypt = vi.spyOn(config, 'encrypt');
    const { ciphertext, version } = await cipherWith([config]).encrypt(PLAINTEXT);
    expect(version).toBe(1);
    const expectedOutput = `1:${[...PLAINTEXT].reverse().join('')}`;
    expect(ciphertext).toBe(`cdGVzdA==:${base64Encode(utf8Encode(expectedOutput))}`);
    expect(encrypt).toHaveBeenCalledWith(PLAINTEXT, base64Decode(CUSTOM_SECRET), 1);
  });

  it('decrypts with the config its tag names and the secret of the record version', async () => {
    const cipher = cipherWith([reversing('old', false), reversing('test')]);
    const { ciphertext } = await cipher.encrypt(PLAINTEXT);
    const decrypt = vi.fn(reversing('test').decrypt);
    const reader = cipherWith([reversing('old', false), { ...reversing('test'), decrypt }]);
    expect(await reader.decrypt(ciphertext, 1)).toBe(PLAINTEXT);
    expect(decrypt).toHaveBeenCalledWith(expect.any(String), base64Decode(CUSTOM_SECRET), 1);
  });

  it('encrypts with AES when no config is current, and still reads custom ciphertexts', async () => {
    const written = await cipherWith([reversing('test')]).encrypt(PLAINTEXT);
    const data = { ...SECRETS, currentVersion: 0 };
    const cipher = cipherWith([reversing('test', false)], data);
    const { ciphertext, version } = await cipher.encrypt(PLAINTEXT);
    expect(version).toBe(0);
    expect(referenceDecrypt(ciphertext, PASSWORD).toString('utf8')).toBe(PLAINTEXT);
    expect(await cipher.decrypt(written.ciphertext, 1)).toBe(PLAINTEXT);
  });

  it('refuses a current secret not flagged isForCustomEncryption', async () => {
    const data = { ...SECRETS, currentVersion: 0 };
    await expectCryptoError(cipherWith([reversing('test')], data).encrypt(PLAINTEXT), [
      PASSWORD,
      PLAINTEXT,
    ]);
  });

  it('refuses to use a custom secret for the AES format, both ways', async () => {
    const cipher = cipherWith([]);
    await expectCryptoError(cipher.encrypt(PLAINTEXT), [CUSTOM_SECRET, PLAINTEXT]);
    const aes = await cipherWith([], { ...SECRETS, currentVersion: 0 }).encrypt(PLAINTEXT);
    await expectCryptoError(cipher.decrypt(aes.ciphertext, 1), [CUSTOM_SECRET, PLAINTEXT]);
  });

  it('refuses a tag no config has', async () => {
    const { ciphertext } = await cipherWith([reversing('test')]).encrypt(PLAINTEXT);
    await expectCryptoError(cipherWith([reversing('other')]).decrypt(ciphertext, 1), [PLAINTEXT]);
  });

  it.each([
    { name: 'throws', broken: () => Promise.reject(new Error('custom failure')), cause: true },
    { name: 'returns a non-string', broken: () => 42 as unknown as string, cause: false },
  ])('wraps a config that $name in encrypt or decrypt', async ({ broken, cause }) => {
    const failingEncrypt = { ...reversing('test'), encrypt: broken };
    const encryptError = await expectCryptoError(cipherWith([failingEncrypt]).encrypt(PLAINTEXT), [
      PLAINTEXT,
      CUSTOM_SECRET,
    ]);
    const { ciphertext } = await cipherWith([reversing('test')]).encrypt(PLAINTEXT);
    const failingDecrypt = { ...reversing('test'), decrypt: broken };
    const decryptError = await expectCryptoError(
      cipherWith([failingDecrypt]).decrypt(ciphertext, 1),
      [PLAINTEXT, CUSTOM_SECRET],
    );
    for (const error of [encryptError, decryptError]) {
      expect(error.cause === undefined ? undefined : (error.cause as Error).message).toBe(
        cause ? 'custom failure' : undefined,
      );
    }
  });

  it('refuses custom data that is not UTF-8', async () => {
    const ciphertext = `cdGVzdA==:${base64Encode(new Uint8Array([0xff, 0xfe]))}`;
    await expectCryptoError(cipherWith([reversing('test')]).decrypt(ciphertext, 1));
  });

  it.each<[string, CustomEncryptionConfig[]]>([
    ['repeated versions', [reversing('a'), reversing('a', false)]],
    ['two current configs', [reversing('a'), reversing('b')]],
    ['a config without functions', [{ version: 'a' } as CustomEncryptionConfig]],
    ['an empty version', [reversing('')]],
  ])('refuses %s at construction', (_name, configs) => {
    expect(() => cipherWith(configs)).toThrow(StorageConfigValidationError);
  });
});
