// The facade's read-integrity check (issue 14): records must carry in their body the keys they
// are stored under, and a LOCAL storage refuses unencrypted (`pt:`) bodies unless created with
// `acceptPlaintextBodies: true`; `migrate` and `migrateAll` still read them, to encrypt them.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createStorage,
  DEFAULT_STORAGE_OPTIONS,
  EncryptionType,
  SecretKeyAccessor,
  StorageConfigValidationError,
  StorageCryptoError,
} from '../src/index.ts';
import { type FakePop, fakePop } from './support/fake-pop.ts';
import { NO_ENV, validOptions } from './support/options.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// Version 1: `pt:` records are version 0, so migration finds them (version ≠ current).
const secrets = () =>
  new SecretKeyAccessor({ currentVersion: 1, secrets: [{ secret: 'a password', version: 1 }] });

function usePop(): FakePop {
  const pop = fakePop();
  server.use(...pop.handlers);
  return pop;
}

const stored = (pop: FakePop) => pop.records.get('de') as Map<string, Record<string, unknown>>;

async function writtenUnencrypted(pop: FakePop, count: number): Promise<void> {
  const off = await createStorage(validOptions({ encrypt: EncryptionType.OFF }), NO_ENV);
  for (let index = 0; index < count; index++) {
    await off.write('de', { recordKey: `user-${index}`, body: `body ${index}` });
  }
  for (const record of stored(pop).values()) expect(String(record.body)).toMatch(/^pt:/);
}

describe('acceptPlaintextBodies', () => {
  it('is off by default: a LOCAL storage refuses pt: records on read and in find', async () => {
    const pop = usePop();
    await writtenUnencrypted(pop, 2);
    const storage = await createStorage(validOptions({ secretKeyAccessor: secrets() }), NO_ENV);

    expect(DEFAULT_STORAGE_OPTIONS.acceptPlaintextBodies).toBe(false);
    const error = await storage.read('de', 'user-0').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageCryptoError);
    expect((error as Error).message).toContain('acceptPlaintextBodies: true');
    expect((error as Error).message).not.toContain('body 0');
    const found = await storage.find('de', {});
    expect(found.records).toEqual([]);
    expect(found.errors?.map((entry) => entry.error.constructor)).toEqual([
      StorageCryptoError,
      StorageCryptoError,
    ]);
  });

  it('true reads them', async () => {
    const pop = usePop();
    await writtenUnencrypted(pop, 1);
    const options = validOptions({ secretKeyAccessor: secrets(), acceptPlaintextBodies: true });
    const storage = await createStorage(options, NO_ENV);

    expect((await storage.read('de', 'user-0')).record.body).toBe('body 0');
  });

  it('is not needed to migrate them: migrateAll encrypts them, then they read', async () => {
    const pop = usePop();
    await writtenUnencrypted(pop, 3);
    const storage = await createStorage(validOptions({ secretKeyAccessor: secrets() }), NO_ENV);

    const result = await storage.migrateAll('de');

    expect(result).toMatchObject({ migrated: 3, failed: 0, complete: true });
    for (const record of stored(pop).values()) expect(String(record.body)).toMatch(/^2:/);
    expect((await storage.read('de', 'user-2')).record.body).toBe('body 2');
  });

  it('is a boolean, accepted in every mode', async () => {
    const error = await createStorage(validOptions({ acceptPlaintextBodies: 'yes' }), NO_ENV).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect((error as Error).message).toBe(
      'Invalid storage options: acceptPlaintextBodies must be a boolean',
    );
    for (const encrypt of [EncryptionType.OFF, EncryptionType.SSE]) {
      const options = validOptions({
        encrypt,
        acceptPlaintextBodies: true,
        ...(encrypt === EncryptionType.SSE ? { secretKeyAccessor: undefined } : {}),
      });
      await expect(createStorage(options, NO_ENV)).resolves.toBeDefined();
    }
  });
});

describe('keys sealed in the body', () => {
  it("refuse alice's body copied onto bob's record: read throws, find lists it in errors", async () => {
    const pop = usePop();
    const storage = await createStorage(validOptions(), NO_ENV);
    await storage.write('de', { recordKey: 'alice', body: 'ALICE-PRIVATE-BODY' });
    await storage.write('de', { recordKey: 'bob', body: 'BOB-BODY' });
    const records = stored(pop);
    const [alice, bob] = [...records.values()] as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    records.set(String(bob.record_key), { ...bob, body: alice.body });

    const error = await storage.read('de', 'bob').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageCryptoError);
    expect(String(error)).not.toContain('ALICE');
    expect((await storage.read('de', 'alice')).record.body).toBe('ALICE-PRIVATE-BODY');
    const found = await storage.find('de', {});
    expect(found.records.map((record) => record.recordKey)).toEqual(['alice']);
    expect(found.errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
    expect(found.errors?.[0]?.rawData.record_key).toBe(bob.record_key);
  });
});
