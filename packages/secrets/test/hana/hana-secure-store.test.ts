import {
  InputValidationError,
  StorageAuthenticationError,
  StorageConfigValidationError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { SECURE_STORE_LIMITS, SecureStoreEntryExistsError } from '../../src/hana/index.ts';
import { sqlError } from '../support/memory-secure-store.ts';
import { CREDENTIALS, memoryStore, PASSWORD, rejection, renderings } from '../support/stores.ts';

const SECRET = 'SECRET-value-7d2e9a';
const encoder = new TextEncoder();

describe('HanaSecureStore values', () => {
  it('round-trips UTF-8 text byte-identical to SAP samples (plain UTF-8 bytes)', async () => {
    const { store, driver } = memoryStore();
    await store.set('greeting', 'Grüße, 世界 🔐');
    expect(await store.getText('greeting')).toBe('Grüße, 世界 🔐');
    expect(driver.store.peek('residency', false, 'greeting')).toEqual(
      encoder.encode('Grüße, 世界 🔐'),
    );
  });

  it('round-trips every byte value as a plain Uint8Array', async () => {
    const { store } = memoryStore();
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    await store.create('bytes', bytes);
    const read = await store.get('bytes');
    expect(read).toEqual(bytes);
    expect(read?.constructor).toBe(Uint8Array);
  });

  it('returns null for a missing key', async () => {
    const { store } = memoryStore();
    expect(await store.get('missing')).toBeNull();
    expect(await store.getText('missing')).toBeNull();
  });

  it('refuses bytes that are not UTF-8 in getText, without quoting them', async () => {
    const { store } = memoryStore();
    await store.set('binary', Uint8Array.of(0xff, 0xfe, 0x41));
    const error = await rejection(store.getText('binary'));
    expect(error).toBeInstanceOf(StorageServerResponseValidationError);
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  it('keeps entries apart by store name and user flag', async () => {
    const { store: first, driver } = memoryStore({ storeName: 'app-a' });
    const second = memoryStore(
      { storeName: 'app-b', forApplicationUser: true, applicationUserToken: 'token' },
      { store: driver.store },
    ).store;
    await first.set('shared-key', 'a');
    await second.set('shared-key', 'b');
    expect(await first.getText('shared-key')).toBe('a');
    expect(await second.getText('shared-key')).toBe('b');
    expect(driver.calls[0]?.entry).toEqual({
      storeName: 'app-a',
      forApplicationUser: false,
      key: 'shared-key',
    });
  });

  it('defaults to store "residency" and the technical user (flag false)', async () => {
    const { store, driver } = memoryStore();
    await store.get('k');
    expect(driver.calls).toEqual([
      {
        procedure: 'RETRIEVE',
        entry: { storeName: 'residency', forApplicationUser: false, key: 'k' },
      },
    ]);
    expect(store.target).toEqual({
      host: 'hana.example.test',
      port: 30015,
      tls: false,
      instanceName: undefined,
      storeName: 'residency',
      forApplicationUser: false,
      driver: 'memory',
    });
    expect(JSON.stringify(store.target)).not.toContain(PASSWORD);
  });

  it('sets XS_APPLICATIONUSER for entries of the application user', async () => {
    const { store, driver } = memoryStore({
      forApplicationUser: true,
      applicationUserToken: 'eyJ-user-token',
    });
    await store.get('k');
    expect(driver.connects[0]?.sessionVariables).toEqual({ XS_APPLICATIONUSER: 'eyJ-user-token' });
    expect(driver.calls[0]?.entry.forApplicationUser).toBe(true);
  });
});

describe('HanaSecureStore size limits, checked before connecting', () => {
  const limits = SECURE_STORE_LIMITS;

  it('accepts a 1024-character key and a 5000-byte value', async () => {
    const { store } = memoryStore();
    const key = 'k'.repeat(limits.keyLength);
    await store.set(key, new Uint8Array(limits.valueBytes));
    expect((await store.get(key))?.byteLength).toBe(limits.valueBytes);
  });

  it.each([
    ['an empty key', '', 'x'],
    ['a 1025-character key', 'k'.repeat(limits.keyLength + 1), 'x'],
    ['a 5001-byte value', 'k', new Uint8Array(limits.valueBytes + 1)],
    ['text of 5002 UTF-8 bytes (2501 × "é")', 'k', 'é'.repeat(2501)],
  ])('refuses %s with InputValidationError and no connection', async (_name, key, value) => {
    const { store, driver } = memoryStore();
    for (const attempt of [() => store.set(key, value), () => store.create(key, value)]) {
      const error = await rejection(attempt());
      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as InputValidationError).path).toBe(key === 'k' ? 'value' : 'key');
    }
    expect(driver.connects).toHaveLength(0);
  });

  it('counts text in UTF-8 bytes: 2500 × "é" is exactly 5000 bytes', async () => {
    const { store } = memoryStore();
    await expect(store.set('k', 'é'.repeat(2500))).resolves.toBeUndefined();
  });

  it('refuses a bad key in get and delete before connecting', async () => {
    const { store, driver } = memoryStore();
    await expect(store.get('')).rejects.toBeInstanceOf(InputValidationError);
    await expect(store.delete('k'.repeat(1025))).rejects.toBeInstanceOf(InputValidationError);
    expect(driver.connects).toHaveLength(0);
  });

  it('never quotes the value in a size error', async () => {
    const { store } = memoryStore();
    const error = await rejection(store.set('k', SECRET.repeat(400)));
    expect(renderings(error)).not.toContain(SECRET);
    expect(error.message).toBe('set(): value must be at most 5000 bytes (it has 7600)');
  });
});

describe('HanaSecureStore recipes (fact sheet §4)', () => {
  it('create on a free key is one INSERT', async () => {
    const { store, driver } = memoryStore();
    await store.create('k', SECRET);
    expect(driver.calls.map((call) => call.procedure)).toEqual(['INSERT']);
    expect(await store.getText('k')).toBe(SECRET);
  });

  it('create on a taken key: INSERT fails, RETRIEVE finds a value → already exists', async () => {
    const { store, driver } = memoryStore();
    await store.create('k', 'first');
    const error = await rejection(store.create('k', SECRET));
    expect(error).toBeInstanceOf(SecureStoreEntryExistsError);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as SecureStoreEntryExistsError).path).toBe('key');
    expect((error.cause as { code: number }).code).toBe(301);
    expect(error.message).toMatch(/exists already/);
    expect(renderings(error)).not.toContain(SECRET);
    expect(driver.calls.map((call) => call.procedure)).toEqual(['INSERT', 'INSERT', 'RETRIEVE']);
    expect(await store.getText('k')).toBe('first');
  });

  it('create: INSERT fails, RETRIEVE finds nothing → the INSERT error, mapped', async () => {
    const { store, driver } = memoryStore();
    const refused = sqlError(258, 'HY000', 'insufficient privilege: Not authorized');
    driver.failCall((call) => call.procedure === 'INSERT', refused);
    const error = await rejection(store.create('k', SECRET));
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error.cause).toBe(refused);
    expect(driver.calls.map((call) => call.procedure)).toEqual(['INSERT', 'RETRIEVE']);
  });

  it('create: INSERT and the follow-up RETRIEVE fail → the INSERT error, not "exists"', async () => {
    const { store, driver } = memoryStore();
    const broken = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    driver.failCall(() => true, broken, 2);
    const error = await rejection(store.create('k', SECRET));
    expect(error).toBeInstanceOf(StorageNetworkError);
    expect(error.cause).toBe(broken);
  });

  it('set is DELETE then INSERT in one transaction', async () => {
    const { store, driver } = memoryStore();
    await store.set('k', 'old');
    await store.set('k', SECRET);
    expect(driver.calls.map((call) => call.procedure)).toEqual([
      'DELETE',
      'INSERT',
      'DELETE',
      'INSERT',
    ]);
    expect(await store.getText('k')).toBe(SECRET);
  });

  it('set rolls the DELETE back when the INSERT fails, keeping the old value', async () => {
    const { store, driver } = memoryStore();
    await store.set('k', 'old');
    const failed = sqlError(129, 'HY000', 'transaction rolled back by an internal error');
    driver.failCall((call) => call.procedure === 'INSERT', failed);
    const error = await rejection(store.set('k', SECRET));
    expect(error).toBeInstanceOf(StorageServerError);
    expect(error.message).toBe(
      'SAP HANA Secure Store set() failed: HANA error 129, SQLSTATE HY000',
    );
    expect(await store.getText('k')).toBe('old');
  });

  it('delete removes an entry, and a missing key is no error', async () => {
    const { store } = memoryStore();
    await store.set('k', SECRET);
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
    await expect(store.delete('k')).resolves.toBeUndefined();
  });

  it('delete: DELETE fails, RETRIEVE finds nothing → already deleted', async () => {
    const { store, driver } = memoryStore();
    driver.failCall((call) => call.procedure === 'DELETE', sqlError(1, 'HY000', 'odd'));
    await expect(store.delete('missing')).resolves.toBeUndefined();
    expect(driver.calls.map((call) => call.procedure)).toEqual(['DELETE', 'RETRIEVE']);
  });

  it('delete: DELETE fails, RETRIEVE finds a value → the DELETE error, mapped', async () => {
    const { store, driver } = memoryStore();
    await store.set('k', SECRET);
    const refused = sqlError(258, 'HY000', 'insufficient privilege');
    driver.failCall((call) => call.procedure === 'DELETE', refused);
    const error = await rejection(store.delete('k'));
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error.cause).toBe(refused);
  });

  it('delete: DELETE and RETRIEVE fail → the DELETE error, never "deleted"', async () => {
    const { store, driver } = memoryStore();
    const broken = Object.assign(new Error('closed'), { code: 'EHDBCLOSE' });
    driver.failCall(() => true, broken, 2);
    await expect(store.delete('k')).rejects.toBeInstanceOf(StorageNetworkError);
  });
});

describe('HanaSecureStore connections', () => {
  it('opens one connection per operation and closes it', async () => {
    const { store, driver } = memoryStore();
    await store.set('a', '1');
    await store.get('a');
    expect(driver.connects).toHaveLength(2);
    expect(driver.open).toBe(0);
  });

  it('runs a session on one connection and closes it after a failure', async () => {
    const { store, driver } = memoryStore();
    const error = await rejection(
      store.session(async (session) => {
        await session.set('a', '1');
        await session.create('a', '2');
      }),
    );
    expect(error).toBeInstanceOf(SecureStoreEntryExistsError);
    expect(driver.connects).toHaveLength(1);
    expect(driver.open).toBe(0);
  });

  it('maps connect failures and keeps the driver error as cause', async () => {
    const { store, driver } = memoryStore();
    const unreachable = Object.assign(new Error(`Could not connect: ${PASSWORD}`), {
      code: 'EHDBOPENCONN',
    });
    driver.failConnect(unreachable);
    const error = await rejection(store.get('k'));
    expect(error).toBeInstanceOf(StorageNetworkError);
    expect(error.message).toBe(
      'SAP HANA Secure Store connect() failed: cannot reach SAP HANA (EHDBOPENCONN)',
    );
    expect(error.cause).toBe(unreachable);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('maps a refused login to StorageAuthenticationError', async () => {
    const { store, driver } = memoryStore();
    driver.failConnect(sqlError(10, '28000', 'authentication failed'));
    await expect(store.get('k')).rejects.toBeInstanceOf(StorageAuthenticationError);
  });

  it('passes the credentials to the driver and nowhere else', async () => {
    const { store, driver } = memoryStore();
    await store.get('k');
    expect(driver.connects[0]).toMatchObject({
      host: CREDENTIALS.host,
      port: 30015,
      user: CREDENTIALS.user,
      password: PASSWORD,
      tls: undefined,
      hosts: [{ host: CREDENTIALS.host, port: 30015 }],
      connectTimeoutMilliseconds: 30_000,
    });
  });
});
