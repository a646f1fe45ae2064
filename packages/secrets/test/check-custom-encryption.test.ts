import {
  base64Encode,
  type CustomEncryptionConfig,
  type Secret,
  type SecretSource,
} from '@residency/crypto';
import {
  SecretsProviderError,
  StorageConfigValidationError,
  StorageCryptoError,
} from '@residency/errors';
import { describe, expect, it, vi } from 'vitest';
import { checkCustomEncryption } from '../src/check-custom-encryption.ts';
import { SecretKeyAccessor } from '../src/secret-key-accessor.ts';

// Custom secrets are base64; their decoded bytes are what the ciphers receive.
const KEY_A = new Uint8Array(32).fill(0xa1);
const KEY_B = new Uint8Array(16).fill(0xb2);
const SECRET_A = base64Encode(KEY_A);
const SECRET_B = base64Encode(KEY_B);
const PASSWORD = 'SECRET-password-c0ffee';

const accessor = new SecretKeyAccessor({
  currentVersion: 2,
  secrets: [
    { secret: PASSWORD, version: 0 },
    { secret: SECRET_A, version: 1, isForCustomEncryption: true },
    { secret: SECRET_B, version: 2, isForCustomEncryption: true },
  ],
});

/** A toy cipher: reverses the text and tags it with the key's first byte. */
function reversing(version: string): CustomEncryptionConfig {
  return {
    version,
    encrypt: (input, key, keyVersion) => `${key[0]}.${keyVersion}.${[...input].reverse().join('')}`,
    decrypt: async (input, key, keyVersion) => {
      const [first, versionText, body] = input.split('.');
      if (Number(first) !== key[0] || Number(versionText) !== keyVersion) throw new Error('key');
      return [...(body ?? '')].reverse().join('');
    },
  };
}

async function configError(
  configs: readonly CustomEncryptionConfig[],
  secrets: SecretSource = accessor,
): Promise<StorageConfigValidationError> {
  const error = await checkCustomEncryption(configs, secrets).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StorageConfigValidationError);
  return error as StorageConfigValidationError;
}

function renderings(error: Error): string {
  return [error.message, String(error), JSON.stringify(error), error.stack].join('\n');
}

describe('checkCustomEncryption', () => {
  it('round-trips every config with every custom secret, on the decoded bytes', async () => {
    const first = reversing('one');
    const second = reversing('two');
    const encrypt = vi.spyOn(first, 'encrypt');
    const decrypt = vi.spyOn(second, 'decrypt');
    await expect(checkCustomEncryption([first, second], accessor)).resolves.toBeUndefined();
    expect(encrypt.mock.calls).toEqual([
      ['incountry', KEY_A, 1],
      ['incountry', KEY_B, 2],
    ]);
    expect(decrypt.mock.calls).toEqual([
      [`${0xa1}.1.yrtnuocni`, KEY_A, 1],
      [`${0xb2}.2.yrtnuocni`, KEY_B, 2],
    ]);
  });

  it('hands decrypt intact key bytes even when encrypt wipes its own', async () => {
    const cipher = reversing('wiping');
    const encrypt = cipher.encrypt;
    cipher.encrypt = (input, key, keyVersion) => {
      const output = encrypt(input, key, keyVersion);
      key.fill(0);
      return output;
    };
    await expect(checkCustomEncryption([cipher], accessor)).resolves.toBeUndefined();
  });

  it('does nothing without configs, not even ask for the secrets', async () => {
    const secrets = { getSecret: vi.fn(), getSecrets: vi.fn() };
    await checkCustomEncryption([], secrets);
    expect(secrets.getSecrets).not.toHaveBeenCalled();
  });

  it('needs a secret flagged isForCustomEncryption', async () => {
    const error = await configError([reversing('one')], new SecretKeyAccessor(PASSWORD));
    expect(error.message).toBe(
      'customEncryptionConfigs need at least one secret flagged isForCustomEncryption',
    );
  });

  it('fails for a cipher whose decrypt gives other text, naming the config', async () => {
    const cipher = { ...reversing('broken'), decrypt: () => `${SECRET_A} ${PASSWORD}` };
    const error = await configError([reversing('fine'), cipher]);
    expect(error.message).toBe(
      'Custom encryption config "broken" with secret version 1 failed the start-up check: ' +
        'decrypt did not return the text given to encrypt',
    );
    expect(error.cause).toBeUndefined();
    expect(renderings(error)).not.toContain(SECRET_A);
    expect(renderings(error)).not.toContain(PASSWORD);
  });

  it('fails for a cipher whose encrypt throws, keeping the cause', async () => {
    const thrown = new Error(`cannot use ${SECRET_B}`);
    const cipher = {
      ...reversing('throws'),
      encrypt: (_input: string, _key: Uint8Array, keyVersion: number) => {
        if (keyVersion === 2) throw thrown;
        return 'x';
      },
      decrypt: () => 'incountry',
    };
    const error = await configError([cipher]);
    expect(error.message).toBe(
      'Custom encryption config "throws" with secret version 2 failed the start-up check: ' +
        'encrypt threw',
    );
    expect(error.cause).toBe(thrown);
    expect(renderings(error)).not.toContain(SECRET_B);
  });

  it('fails for a cipher whose decrypt rejects, keeping the cause', async () => {
    const cipher = { ...reversing('rejects'), decrypt: () => Promise.reject('nope') };
    const error = await configError([cipher]);
    expect(error.message).toMatch(/"rejects" with secret version 1 .*: decrypt threw$/);
    expect(error.cause).toBe('nope');
  });

  it('fails for a cipher whose encrypt returns something other than a string', async () => {
    const cipher = { ...reversing('bytes'), encrypt: () => new Uint8Array(3) as never };
    const error = await configError([cipher]);
    expect(error.message).toMatch(/"bytes" .*: encrypt did not return a string$/);
  });

  it('fails for a foreign secret source whose custom secret is not base64', async () => {
    const secret: Secret = {
      secret: PASSWORD,
      version: 4,
      isKey: false,
      isForCustomEncryption: true,
    };
    const source: SecretSource = {
      getSecret: async () => secret,
      getSecrets: async () => ({ currentVersion: 4, secrets: [secret] }),
    };
    const error = await configError([reversing('one')], source);
    expect(error.message).toMatch(/"one" with secret version 4 .*: the secret is not base64$/);
    expect(error.cause).toBeInstanceOf(StorageCryptoError);
    expect(renderings(error)).not.toContain(PASSWORD);
  });

  it('lets a failing secrets provider speak for itself', async () => {
    const failing = new SecretKeyAccessor(() => {
      throw new Error('vault down');
    });
    await expect(checkCustomEncryption([reversing('one')], failing)).rejects.toBeInstanceOf(
      SecretsProviderError,
    );
  });
});
