// What createStorage builds from its options: environment variables, encryption modes, and
// secrets and custom ciphers checked at start-up (HTTP settings: create-storage.http.test.ts).

import { hashKey } from '@residency/crypto';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createStorage,
  EncryptionType,
  SecretKeyAccessor,
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
} from '../src/index.ts';
import { AUTH_URL, ENDPOINT, ENVIRONMENT_ID, type FakePop, fakePop } from './support/fake-pop.ts';
import { CLIENT_SECRET, NO_ENV, PASSWORD, validOptions } from './support/options.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

function usePop(): FakePop {
  const pop = fakePop();
  server.use(...pop.handlers);
  return pop;
}

/** The body of the n-th POST to the records endpoint. */
function sentRecord(pop: FakePop, index = 0): Record<string, unknown> {
  return pop.callsTo('POST', '/records/de')[index]?.body as Record<string, unknown>;
}

function basicAuth(id: string, secret: string): string {
  return `Basic ${btoa(`${id}:${secret}`)}`;
}

describe('environment variables', () => {
  const ENV = {
    INC_ENVIRONMENT_ID: 'env-from-variable',
    INC_CLIENT_ID: 'id-from-variable',
    INC_CLIENT_SECRET: 'secret-from-variable',
    INC_ENDPOINT: ENDPOINT,
  };
  const withoutEnvOptions = () =>
    validOptions({
      environmentId: undefined,
      clientId: undefined,
      clientSecret: undefined,
      endpoint: undefined,
    });

  it('fill environmentId, clientId, clientSecret and endpoint', async () => {
    const pop = usePop();
    const storage = await createStorage(withoutEnvOptions(), ENV);
    await storage.write('de', { recordKey: 'k1', body: 'hello' });
    const [write] = pop.callsTo('POST', '/records/de');
    expect(write?.headers['x-env-id']).toBe('env-from-variable');
    expect(write?.url.startsWith(ENDPOINT)).toBe(true);
    expect(pop.token.calls[0]?.headers.authorization).toBe(
      basicAuth('id-from-variable', 'secret-from-variable'),
    );
    expect(pop.token.calls[0]?.body).toMatchObject({ scope: 'env-from-variable' });
  });

  it('lose to options given explicitly', async () => {
    const pop = usePop();
    const storage = await createStorage(validOptions(), {
      ...ENV,
      INC_ENDPOINT: 'https://elsewhere.test',
    });
    await storage.write('de', { recordKey: 'k1' });
    expect(pop.callsTo('POST', '/records/de')[0]?.headers['x-env-id']).toBe(ENVIRONMENT_ID);
    expect(pop.token.calls[0]?.headers.authorization).toBe(basicAuth('client-id', CLIENT_SECRET));
  });

  it('give no client credentials when an oauthToken is passed', async () => {
    const pop = usePop();
    const options = validOptions({
      clientId: undefined,
      clientSecret: undefined,
      oauthToken: 'tk',
    });
    const storage = await createStorage(options, ENV);
    await storage.write('de', { recordKey: 'k1' });
    expect(pop.token.calls).toHaveLength(0);
    expect(pop.calls()[0]?.headers.authorization).toBe('Bearer tk');
  });

  it('count as unset when empty', async () => {
    const error = await createStorage(validOptions({ environmentId: undefined }), {
      INC_ENVIRONMENT_ID: '',
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect((error as Error).message).toContain('environmentId is required');
  });

  it('are named when their value is invalid', async () => {
    const error = await createStorage(validOptions({ endpoint: undefined }), {
      INC_ENDPOINT: 'not-a-url',
    }).catch((thrown: unknown) => thrown);
    expect((error as Error).message).toContain(
      'endpoint (from INC_ENDPOINT) must be an http(s) URL',
    );
  });

  it('are read from process.env when no environment is passed', async () => {
    vi.stubEnv('INC_ENVIRONMENT_ID', 'env-from-process');
    const pop = usePop();
    const storage = await createStorage(validOptions({ environmentId: undefined }));
    await storage.write('de', { recordKey: 'k1' });
    expect(pop.callsTo('POST', '/records/de')[0]?.headers['x-env-id']).toBe('env-from-process');
  });
});

describe('encryption modes', () => {
  it.each([true, EncryptionType.LOCAL, undefined])(
    'encrypt %s encrypts bodies and hashes keys',
    async (encrypt) => {
      const pop = usePop();
      const storage = await createStorage(validOptions({ encrypt }), NO_ENV);
      await storage.write('de', { recordKey: 'k1', body: 'plain body', key1: 'Berlin' });
      const sent = sentRecord(pop);
      expect(String(sent.body).startsWith('2:')).toBe(true);
      expect(sent.is_encrypted).toBe(true);
      expect(sent.record_key).toBe(hashKey('k1', ENVIRONMENT_ID));
      expect(sent.key1).toBe(hashKey('Berlin', ENVIRONMENT_ID));
    },
  );

  it.each([false, EncryptionType.OFF])(
    'encrypt %s sends pt: bodies, keys hashed',
    async (encrypt) => {
      const pop = usePop();
      const storage = await createStorage(
        validOptions({ encrypt, secretKeyAccessor: undefined }),
        NO_ENV,
      );
      const { record } = await storage.write('de', { recordKey: 'k1', body: 'plain body' });
      const sent = sentRecord(pop);
      expect(String(sent.body).startsWith('pt:')).toBe(true);
      expect(sent.is_encrypted).toBe(false);
      expect(sent.version).toBe(0);
      expect(sent.record_key).toBe(hashKey('k1', ENVIRONMENT_ID));
      expect(record.body).toBe('plain body');
    },
  );

  it('OFF ignores an accessor given anyway and never calls it', async () => {
    const provider = vi.fn(() => PASSWORD);
    usePop();
    const storage = await createStorage(
      validOptions({ encrypt: false, secretKeyAccessor: new SecretKeyAccessor(provider) }),
      NO_ENV,
    );
    await storage.write('de', { recordKey: 'k1', body: 'b' });
    expect(provider).not.toHaveBeenCalled();
  });

  it('SSE sends the record as it is, with X-Encrypted-Storage', async () => {
    const pop = usePop();
    const options = validOptions({ encrypt: EncryptionType.SSE, secretKeyAccessor: undefined });
    const storage = await createStorage(options, NO_ENV);
    await storage.write('de', { recordKey: 'k1', body: 'plain body', key1: 'Berlin' });
    const [write] = pop.callsTo('POST', '/records/de');
    expect(write?.headers['x-encrypted-storage']).toBe('true');
    expect(write?.body).toMatchObject({ record_key: 'k1', body: 'plain body', key1: 'Berlin' });
  });

  it('normalizeKeys lowercases before hashing; hashSearchKeys false sends key1..20 plain', async () => {
    const pop = usePop();
    const options = validOptions({
      options: {
        authEndpoints: { default: AUTH_URL },
        normalizeKeys: true,
        hashSearchKeys: false,
      },
    });
    const storage = await createStorage(options, NO_ENV);
    await storage.write('de', { recordKey: 'User-1', key1: 'Berlin', profileKey: 'P' });
    const sent = sentRecord(pop);
    expect(sent.record_key).toBe(hashKey('user-1', ENVIRONMENT_ID));
    expect(sent.profile_key).toBe(hashKey('p', ENVIRONMENT_ID));
    expect(sent.key1).toBe('berlin');
  });
});

describe('secrets at start-up', () => {
  it('calls the provider once and rejects invalid secrets data', async () => {
    const provider = vi.fn(() => ({ currentVersion: 3, secrets: [{ secret: 'x', version: 1 }] }));
    const error = await createStorage(
      validOptions({ secretKeyAccessor: new SecretKeyAccessor(provider) }),
      NO_ENV,
    ).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SecretsValidationError);
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it('turns a provider failure into SecretsProviderError, its message kept out', async () => {
    const cause = new Error(`vault said ${PASSWORD}`);
    const accessor = new SecretKeyAccessor(async () => {
      throw cause;
    });
    const error = await createStorage(validOptions({ secretKeyAccessor: accessor }), NO_ENV).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SecretsProviderError);
    expect((error as Error).cause).toBe(cause);
    expect(String(error)).not.toContain(PASSWORD);
  });

  it('checks the options before calling the provider', async () => {
    const provider = vi.fn(() => PASSWORD);
    const options = validOptions({
      secretKeyAccessor: new SecretKeyAccessor(provider),
      endpoint: 'nope',
    });
    await expect(createStorage(options, NO_ENV)).rejects.toThrow(StorageConfigValidationError);
    expect(provider).not.toHaveBeenCalled();
  });
});

describe('custom encryption at start-up', () => {
  const CUSTOM_KEY = btoa('0123456789abcdef0123456789abcdef');
  const customSecrets = () =>
    new SecretKeyAccessor({
      currentVersion: 1,
      secrets: [{ secret: CUSTOM_KEY, version: 1, isForCustomEncryption: true }],
    });
  const reverse = (text: string) => [...text].reverse().join('');

  it('fails when a cipher does not round-trip', async () => {
    const broken = {
      version: 'broken',
      isCurrent: true,
      encrypt: (text: string) => reverse(text),
      decrypt: (text: string) => `${text}!`,
    };
    const error = await createStorage(
      validOptions({ secretKeyAccessor: customSecrets(), customEncryptionConfigs: [broken] }),
      NO_ENV,
    ).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect((error as Error).message).toContain('Custom encryption config "broken"');
    expect((error as Error).message).not.toContain(CUSTOM_KEY);
  });

  it('fails when a cipher throws, keeping what it threw as the cause', async () => {
    const cause = new Error('cipher exploded');
    const throwing = {
      version: 'throws',
      encrypt: () => {
        throw cause;
      },
      decrypt: (text: string) => text,
    };
    const error = await createStorage(
      validOptions({ secretKeyAccessor: customSecrets(), customEncryptionConfigs: [throwing] }),
      NO_ENV,
    ).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect((error as Error).cause).toBe(cause);
  });

  it('fails without a secret flagged isForCustomEncryption', async () => {
    const config = { version: 'v', encrypt: reverse, decrypt: reverse, isCurrent: true };
    const error = await createStorage(validOptions({ customEncryptionConfigs: [config] }), NO_ENV)
      .then(() => undefined)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect((error as Error).message).toContain('isForCustomEncryption');
  });

  it('encrypts with the current cipher once the check passes', async () => {
    const pop = usePop();
    const config = { version: 'rev', encrypt: reverse, decrypt: reverse, isCurrent: true };
    const storage = await createStorage(
      validOptions({ secretKeyAccessor: customSecrets(), customEncryptionConfigs: [config] }),
      NO_ENV,
    );
    const { record } = await storage.write('de', { recordKey: 'k1', body: 'custom body' });
    expect(String(sentRecord(pop).body).startsWith(`c${btoa('rev')}:`)).toBe(true);
    expect(record.body).toBe('custom body');
    const { record: read } = await storage.read('de', 'k1');
    expect(read.body).toBe('custom body');
  });
});
