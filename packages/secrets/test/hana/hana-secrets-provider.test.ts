import { base64Decode } from '@residency/crypto';
import {
  InputValidationError,
  SecretsProviderError,
  SecretsValidationError,
  StorageConfigValidationError,
} from '@residency/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HanaSecretsProvider, HanaSecureStore } from '../../src/hana/index.ts';
import { SecretKeyAccessor } from '../../src/index.ts';
import { parseSecretsData } from '../../src/parse-secrets-data.ts';
import { MemoryDriver } from '../support/memory-driver.ts';
import { memoryProvider, reads, storedJson } from '../support/providers.ts';
import { CREDENTIALS, rejection, renderings, thrown } from '../support/stores.ts';

const SECRET = 'SECRET-provider-password-8c41';
const KEY_32 = 'QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=';

afterEach(() => {
  vi.useRealTimers();
});

describe('HanaSecretsProvider with SecretKeyAccessor', () => {
  it('serves rotated secrets to the accessor, old versions kept', async () => {
    const { provider } = memoryProvider();
    const first = await provider.rotate();
    const second = await provider.rotate({ secret: SECRET });
    expect(first).toEqual({
      version: 1,
      isKey: true,
      isForCustomEncryption: false,
      isCurrent: true,
      storedSeparately: false,
    });
    expect(second.version).toBe(2);
    const accessor = new SecretKeyAccessor(provider.accessor());
    await accessor.validate();
    expect(await accessor.getSecret()).toEqual({
      secret: SECRET,
      version: 2,
      isKey: false,
      isForCustomEncryption: false,
    });
    const key = await accessor.getSecret(1);
    expect(key.isKey).toBe(true);
    expect(base64Decode(key.secret)).toHaveLength(32);
  });

  it('keeps the secrets data of protocol.md §7 under one key, readable by any tool', async () => {
    const { provider, driver } = memoryProvider();
    await provider.put({ currentVersion: 0, secrets: [{ secret: SECRET, version: 0 }] });
    const head = storedJson(driver, 'secrets-data') as Record<string, unknown>;
    expect(head).toMatchObject({
      currentVersion: 0,
      secrets: [{ secret: SECRET, version: 0 }],
      generation: 1,
    });
    expect(parseSecretsData(head).secrets[0]?.secret).toBe(SECRET);
    expect(driver.store.keys()).toEqual(['secrets-data', 'secrets-data#1']);
  });

  it('answers synchronously from a fresh cache', async () => {
    const { provider } = memoryProvider();
    await provider.put(SECRET);
    const answer = provider.accessor()();
    expect(answer).not.toBeInstanceOf(Promise);
    expect(answer).toMatchObject({ currentVersion: 0 });
  });

  it('makes the accessor fail with SecretsProviderError when nothing is stored', async () => {
    const { provider } = memoryProvider();
    const error = await rejection(new SecretKeyAccessor(provider.accessor()).getSecret());
    expect(error).toBeInstanceOf(SecretsProviderError);
    expect(error.cause).toBeInstanceOf(StorageConfigValidationError);
    expect((error.cause as Error).message).toBe(
      'No secrets data under key "secrets-data" of secure store "residency": ' +
        'store some with put() or rotate()',
    );
    await expect(provider.getSecretsData()).rejects.toBeInstanceOf(StorageConfigValidationError);
    expect(await provider.listVersions()).toBeNull();
  });
});

describe('HanaSecretsProvider cache', () => {
  it('reads once per TTL (fake timers) and again after it', async () => {
    vi.useFakeTimers();
    const { provider, driver } = memoryProvider({ cacheTtlMilliseconds: 1000 });
    await memoryProvider({}, { store: driver.store }).provider.put(SECRET);
    const lookup = provider.accessor();
    await lookup();
    const after = reads(driver);
    expect(after).toBe(1);
    vi.advanceTimersByTime(999);
    for (let index = 0; index < 100; index++) lookup();
    expect(reads(driver)).toBe(after);
    vi.advanceTimersByTime(1);
    await lookup();
    expect(reads(driver)).toBe(after + 1);
  });

  it('makes one database read for a burst of lookups (single flight)', async () => {
    const { provider, driver } = memoryProvider();
    await memoryProvider({}, { store: driver.store }).provider.put(SECRET);
    const accessor = new SecretKeyAccessor(provider.accessor());
    const secrets = await Promise.all(Array.from({ length: 50 }, () => accessor.getSecret()));
    expect(new Set(secrets.map((secret) => secret.secret))).toEqual(new Set([SECRET]));
    expect(reads(driver)).toBe(1);
  });

  it('sees a rotation made elsewhere only after the TTL, or at refresh()', async () => {
    vi.useFakeTimers();
    const reader = memoryProvider({ cacheTtlMilliseconds: 60_000 });
    const writer = memoryProvider({}, { store: reader.driver.store }).provider;
    await writer.put(SECRET);
    expect((await reader.provider.getSecretsData()).currentVersion).toBe(0);
    await writer.rotate();
    expect((await reader.provider.getSecretsData()).currentVersion).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect((await reader.provider.getSecretsData()).currentVersion).toBe(1);
    await writer.rotate();
    expect((await reader.provider.refresh()).currentVersion).toBe(2);
  });

  it('serves its own writes at once, without a read', async () => {
    const { provider, driver } = memoryProvider();
    await provider.rotate();
    const before = reads(driver);
    expect((await provider.getSecretsData()).currentVersion).toBe(1);
    expect(reads(driver)).toBe(before);
  });

  it('reads on every lookup with a TTL of 0, concurrent lookups still sharing one read', async () => {
    const { provider, driver } = memoryProvider({ cacheTtlMilliseconds: 0 });
    await memoryProvider({}, { store: driver.store }).provider.put(SECRET);
    await Promise.all([provider.getSecretsData(), provider.getSecretsData()]);
    await provider.getSecretsData();
    expect(reads(driver)).toBe(2);
  });
});

describe('HanaSecretsProvider put and rotate', () => {
  it('lists versions without their secrets', async () => {
    const { provider } = memoryProvider();
    await provider.put({
      currentVersion: 2,
      secrets: [
        { secret: SECRET, version: 0 },
        { secret: KEY_32, version: 2, isKey: true },
      ],
    });
    const list = await provider.listVersions();
    expect(list).toEqual({
      generation: 1,
      currentVersion: 2,
      versions: [
        {
          version: 0,
          isKey: false,
          isForCustomEncryption: false,
          isCurrent: false,
          storedSeparately: false,
        },
        {
          version: 2,
          isKey: true,
          isForCustomEncryption: false,
          isCurrent: true,
          storedSeparately: false,
        },
      ],
    });
    expect(JSON.stringify(list)).not.toContain(SECRET);
  });

  it('refuses to give an existing version another secret, unless allowed', async () => {
    const { provider } = memoryProvider();
    await provider.put({ currentVersion: 0, secrets: [{ secret: 'first', version: 0 }] });
    const changed = { currentVersion: 0, secrets: [{ secret: SECRET, version: 0 }] };
    const error = await rejection(provider.put(changed));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toBe(
      'put(): version 0 is stored with another secret or flags; data encrypted with it would ' +
        'become unreadable. Add a new version, or pass { allowSecretChange: true }',
    );
    expect(renderings(error)).not.toContain(SECRET);
    await provider.put(changed, { allowSecretChange: true });
    expect((await provider.refresh()).secrets[0]?.secret).toBe(SECRET);
  });

  it('lets put add and drop versions', async () => {
    const { provider } = memoryProvider();
    await provider.rotate({ secret: 'one' });
    await provider.rotate({ secret: 'two' });
    const list = await provider.put({
      currentVersion: 2,
      secrets: [{ secret: 'two', version: 2 }],
    });
    expect(list.versions.map((item) => item.version)).toEqual([2]);
    expect(list.generation).toBe(3);
  });

  it('generates custom-cipher key material on request', async () => {
    const { provider } = memoryProvider();
    const added = await provider.rotate({ isForCustomEncryption: true });
    expect(added).toMatchObject({ isKey: false, isForCustomEncryption: true });
    expect(base64Decode((await provider.getSecretsData()).secrets[0]?.secret ?? '')).toHaveLength(
      32,
    );
  });

  it('checks a given secret before any database call', async () => {
    const { provider, driver } = memoryProvider();
    const badKey = await rejection(provider.rotate({ secret: SECRET, isKey: true }));
    expect(badKey).toBeInstanceOf(SecretsValidationError);
    expect(renderings(badKey)).not.toContain(SECRET);
    const badOption = await rejection(provider.rotate({ secrets: 'x' } as never));
    expect(badOption).toBeInstanceOf(InputValidationError);
    expect(badOption.message).toBe('rotate(): invalid options: secrets is not an option');
    const tooLong = await rejection(provider.rotate({ secret: 'x'.repeat(5001) }));
    expect(tooLong.message).toBe(
      'The secret of version 0 is 5001 bytes; the secure store holds at most 5000',
    );
    const badData = await rejection(provider.put({ currentVersion: 1, secrets: [] }));
    expect(badData).toBeInstanceOf(SecretsValidationError);
    expect(reads(driver)).toBe(0);
  });

  it('refuses invalid stored data without quoting a secret', async () => {
    const { provider, store } = memoryProvider();
    await store.set(
      'secrets-data',
      JSON.stringify({ currentVersion: 1, secrets: [{ secret: SECRET, version: 1, isKey: true }] }),
    );
    const error = await rejection(provider.getSecretsData());
    expect(error).toBeInstanceOf(SecretsValidationError);
    expect(renderings(error)).not.toContain(SECRET);
    await store.set('secrets-data', `{"secrets": ["${SECRET}"`);
    const broken = await rejection(provider.refresh());
    expect(broken.message).toBe(
      'Invalid secrets data in key "secrets-data" of secure store "residency": not UTF-8 JSON',
    );
    expect(renderings(broken)).not.toContain(SECRET);
  });

  it('deletes everything it stored', async () => {
    const { provider, driver } = memoryProvider();
    await provider.rotate();
    await provider.rotate();
    await provider.delete();
    expect(driver.store.keys()).toEqual([]);
    expect(await provider.listVersions()).toBeNull();
    await expect(provider.delete()).resolves.toBeUndefined();
  });
});

describe('HanaSecretsProvider options', () => {
  const store = new HanaSecureStore({ credentials: CREDENTIALS, driver: new MemoryDriver() });

  it.each([
    [{}, 'store is required'],
    [{ store: {} }, 'store must be a HanaSecureStore'],
    [{ store, key: '' }, 'key must be a non-empty string of at most 960 characters'],
    [{ store, key: 'k'.repeat(961) }, 'key must be a non-empty string of at most 960 characters'],
    [
      { store, cacheTtlMilliseconds: -1 },
      'cacheTtlMilliseconds must be an integer number of milliseconds, 0 or more',
    ],
    [{ store, maxWriteAttempts: 0 }, 'maxWriteAttempts must be an integer from 1 to 1000'],
    [{ store, ttl: 5 }, 'ttl is not an option'],
  ])('refuses %j', (options, expected) => {
    const error = thrown(() => new HanaSecretsProvider(options as never));
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error.message).toBe(`Invalid HANA secrets provider options: ${expected}`);
  });
});
