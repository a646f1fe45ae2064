// Key rotation through the facade: records written under one secret version, then migrated
// with `migrate` and `migrateAll` to the next, and read back.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createStorage,
  EncryptionType,
  SecretKeyAccessor,
  type Storage,
  StorageClientError,
} from '../src/index.ts';
import { type FakePop, fakePop } from './support/fake-pop.ts';
import { NO_ENV, validOptions } from './support/options.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const secrets = (currentVersion: number) =>
  new SecretKeyAccessor({
    currentVersion,
    secrets: [
      { secret: 'first password', version: 1 },
      { secret: 'second password', version: 2 },
    ],
  });

async function rotated(count: number): Promise<[Storage, FakePop]> {
  const pop = fakePop();
  server.use(...pop.handlers);
  const before = await createStorage(validOptions({ secretKeyAccessor: secrets(1) }), NO_ENV);
  for (let index = 0; index < count; index++) {
    await before.write('de', { recordKey: `user-${index}`, body: `body ${index}` });
  }
  const after = await createStorage(validOptions({ secretKeyAccessor: secrets(2) }), NO_ENV);
  return [after, pop];
}

const versions = (pop: FakePop) =>
  [...(pop.records.get('de')?.values() ?? [])].map((record) => record.version);

describe('Storage key rotation', () => {
  it('migrates one page with migrate, as the seed', async () => {
    const [storage, pop] = await rotated(3);

    expect(await storage.migrate('de', 2)).toEqual({ migrated: 2, totalLeft: 1 });
    expect(await storage.migrate('de')).toEqual({ migrated: 1, totalLeft: 0 });
    expect(versions(pop)).toEqual([2, 2, 2]);
    expect((await storage.read('de', 'user-1')).record.body).toBe('body 1');
  });

  it('migrates a whole country with migrateAll, with progress', async () => {
    const [storage, pop] = await rotated(5);
    const seen: number[] = [];

    const result = await storage.migrateAll('de', {
      pageSize: 2,
      onProgress: ({ migrated }) => seen.push(migrated),
    });

    expect(result).toMatchObject({ migrated: 5, failed: 0, complete: true });
    expect(seen).toEqual([2, 4, 5]);
    expect(versions(pop)).toEqual([2, 2, 2, 2, 2]);
    expect((await storage.read('de', 'user-4')).record.body).toBe('body 4');
  });

  it('refuses both without client-side encryption', async () => {
    const pop = fakePop();
    server.use(...pop.handlers);
    const storage = await createStorage(validOptions({ encrypt: EncryptionType.OFF }), NO_ENV);

    await expect(storage.migrate('de')).rejects.toThrow(StorageClientError);
    await expect(storage.migrateAll('de')).rejects.toThrow(
      'This method is only allowed with encryption enabled',
    );
  });
});
