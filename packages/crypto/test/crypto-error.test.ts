import {
  InputValidationError,
  SecretsProviderError,
  SecretsValidationError,
  StorageCryptoError,
} from '@residency/errors';
import { describe, expect, it, vi } from 'vitest';
import { Cipher } from '../src/cipher.ts';
import { toCryptoError } from '../src/crypto-error.ts';
import { base64Encode } from '../src/encoding.ts';
import { expectCryptoError } from './support/assertions.ts';
import { backends } from './support/backends.ts';
import {
  OTHER_PASSWORD,
  OTHER_RAW_KEY,
  PASSWORD,
  PLAINTEXT,
  RAW_KEY,
} from './support/constants.ts';
import { referenceEncrypt } from './support/reference.ts';
import { StaticSecretSource } from './support/secret-source.ts';

describe('toCryptoError', () => {
  it('wraps a foreign error as the cause of a StorageCryptoError', () => {
    const foreign = new DOMException('The operation failed', 'OperationError');
    const error = toCryptoError(foreign, 'Decryption failed');
    expect(error).toBeInstanceOf(StorageCryptoError);
    expect(error.message).toBe('Decryption failed');
    expect(error.cause).toBe(foreign);
  });

  it('passes Residency errors through unchanged', () => {
    const own = new SecretsValidationError('Secret not found for version 3');
    expect(toCryptoError(own, 'Decryption failed')).toBe(own);
  });
});

const rawKeys = (secret: string) => ({
  currentVersion: 1,
  secrets: [{ secret, version: 1, isKey: true }],
});

describe.each(backends)('every failure on the $name backend', (backend) => {
  const cipherWith = (data: ConstructorParameters<typeof StaticSecretSource>[0]) =>
    new Cipher({ secrets: new StaticSecretSource(data), backend });
  const forbidden = [PASSWORD, OTHER_PASSWORD, RAW_KEY, OTHER_RAW_KEY, PLAINTEXT];

  it('is a StorageCryptoError for the wrong password, keeping the foreign error as cause', async () => {
    const { ciphertext } = await cipherWith(PASSWORD).encrypt(PLAINTEXT);
    const error = await expectCryptoError(cipherWith(OTHER_PASSWORD).decrypt(ciphertext, 0), [
      ...forbidden,
      ciphertext.slice(2, 40),
    ]);
    expect(error.cause).toBeDefined();
    expect(error.cause).not.toBeInstanceOf(StorageCryptoError);
  });

  it('is a StorageCryptoError for the wrong raw key', async () => {
    const { ciphertext } = await cipherWith(rawKeys(RAW_KEY)).encrypt(PLAINTEXT);
    await expectCryptoError(cipherWith(rawKeys(OTHER_RAW_KEY)).decrypt(ciphertext, 1), forbidden);
  });

  it('is a StorageCryptoError for a raw key that is not 32 bytes, both ways', async () => {
    const short = base64Encode(new Uint8Array(16).fill(9));
    const cipher = cipherWith(rawKeys(short));
    await expectCryptoError(cipher.encrypt(PLAINTEXT), [short, PLAINTEXT]);
    const ciphertext = referenceEncrypt(new Uint8Array([1]), RAW_KEY, { isKey: true });
    await expectCryptoError(cipher.decrypt(ciphertext, 1), [short]);
    await expectCryptoError(cipherWith(rawKeys('not base64!')).decrypt(ciphertext, 1));
  });

  it('is a StorageCryptoError when the decrypted bytes are not UTF-8', async () => {
    const ciphertext = referenceEncrypt(new Uint8Array([0x61, 0xff, 0x62]), PASSWORD);
    await expectCryptoError(cipherWith(PASSWORD).decrypt(ciphertext, 0), forbidden);
    await expectCryptoError(cipherWith(PASSWORD).decrypt('pt:/w==', 0));
  });

  it('is a StorageCryptoError when the backend throws', async () => {
    const failure = new Error('backend exploded');
    const broken = { ...backend, aesGcmEncrypt: () => Promise.reject(failure) };
    const secrets = new StaticSecretSource(rawKeys(RAW_KEY));
    const error = await expectCryptoError(
      new Cipher({ secrets, backend: broken }).encrypt(PLAINTEXT),
    );
    expect(error.cause).toBe(failure);
  });
});

describe('failures a user can hit', () => {
  it('names the missing secret accessor when decrypting without secrets', async () => {
    const ciphertext = referenceEncrypt(new Uint8Array([1]), PASSWORD);
    const error = await expectCryptoError(new Cipher().decrypt(ciphertext, 0));
    expect(error.message).toMatch(/secret accessor/);
    await expectCryptoError(new Cipher().decrypt('cdGVzdA==:YQ==', 0));
  });

  it('passes secret-source errors through unchanged', async () => {
    const secrets = new StaticSecretSource(PASSWORD);
    const ciphertext = referenceEncrypt(new Uint8Array([1]), PASSWORD);
    await expect(new Cipher({ secrets }).decrypt(ciphertext, 7)).rejects.toBeInstanceOf(
      SecretsValidationError,
    );
    const failure = new SecretsProviderError('The secrets callback failed');
    vi.spyOn(secrets, 'getSecret').mockRejectedValue(failure);
    await expect(new Cipher({ secrets }).encrypt(PLAINTEXT)).rejects.toBe(failure);
    await expect(new Cipher({ secrets }).decrypt(ciphertext, 0)).rejects.toBe(failure);
  });

  it('refuses arguments of the wrong type', async () => {
    const cipher = new Cipher();
    await expect(cipher.encrypt(1 as never)).rejects.toBeInstanceOf(InputValidationError);
    await expect(cipher.decrypt(null as never)).rejects.toBeInstanceOf(InputValidationError);
    await expect(cipher.decrypt('pt:', -1)).rejects.toBeInstanceOf(InputValidationError);
    await expect(cipher.decrypt('pt:', 1.5)).rejects.toBeInstanceOf(InputValidationError);
  });

  it.each([
    ['no colon', 'pt'],
    ['an unknown version tag', '3:AAAA'],
    ['non-base64 data', '2:not base64'],
    ['non-hex data', '1:xyz0'],
    ['a truncated ciphertext', `2:${base64Encode(new Uint8Array(91))}`],
  ])('is a StorageCryptoError for %s, even without secrets', async (_name, ciphertext) => {
    await expectCryptoError(new Cipher().decrypt(ciphertext));
    await expectCryptoError(
      new Cipher({ secrets: new StaticSecretSource(PASSWORD) }).decrypt(ciphertext),
    );
  });
});
