import { StorageServerError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import type { SecureStoreCall } from '../../src/hana/index.ts';
import type { MemorySecureStore } from '../support/memory-secure-store.ts';
import { entryId, sqlError } from '../support/memory-secure-store.ts';
import { memoryProvider, storedJson } from '../support/providers.ts';
import { rejection } from '../support/stores.ts';

const encoder = new TextEncoder();

function isInsertOf(key: string): (call: SecureStoreCall) => boolean {
  return (call) => call.procedure === 'INSERT' && call.entry.key === key;
}

/** Writes an entry of store `residency` directly, as another writer would. */
function plant(store: MemorySecureStore, key: string, json: unknown): void {
  const id = entryId({ storeName: 'residency', forApplicationUser: false, key });
  store.committed.set(id, encoder.encode(JSON.stringify(json)));
}

describe('concurrent rotations never lose a version', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'ten rotations on ten providers, interleaving seed %i',
    async (seed) => {
      const first = memoryProvider({}, { interleaveSeed: seed });
      await first.provider.put('SECRET-initial-password');
      const providers = [first.provider];
      for (let index = 1; index < 10; index++) {
        const options = { store: first.driver.store, interleaveSeed: seed * 100 + index };
        providers.push(memoryProvider({}, options).provider);
      }
      const added = await Promise.all(providers.map((provider) => provider.rotate()));
      const versions = added.map((item) => item.version).sort((left, right) => left - right);
      expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

      const final = await first.provider.refresh();
      expect(final.secrets.map((item) => item.version)).toEqual([0, ...versions]);
      expect(new Set(final.secrets.map((item) => item.secret)).size).toBe(11);
      expect(final.currentVersion).toBe(10);
      // Eleven generations (put + ten rotations), each claimed once, and the head on the last.
      expect(storedJson(first.driver, 'secrets-data')).toEqual(
        storedJson(first.driver, 'secrets-data#11'),
      );
      expect(first.driver.store.keys()).toHaveLength(12);
    },
  );

  it('keeps every version when rotations share one provider', async () => {
    const { provider } = memoryProvider({}, { interleaveSeed: 42 });
    const added = await Promise.all(Array.from({ length: 6 }, () => provider.rotate()));
    expect(new Set(added.map((item) => item.version))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect((await provider.refresh()).secrets).toHaveLength(6);
  });

  it('each rotation keeps the secret it added', async () => {
    const first = memoryProvider({}, { interleaveSeed: 9 });
    const second = memoryProvider({}, { store: first.driver.store, interleaveSeed: 10 });
    const [a, b] = await Promise.all([
      first.provider.rotate({ secret: 'SECRET-rotation-a' }),
      second.provider.rotate({ secret: 'SECRET-rotation-b' }),
    ]);
    const data = await first.provider.refresh();
    const byVersion = new Map(data.secrets.map((item) => [item.version, item.secret]));
    expect(byVersion.get(a?.version ?? -1)).toBe('SECRET-rotation-a');
    expect(byVersion.get(b?.version ?? -1)).toBe('SECRET-rotation-b');
  });
});

describe('the generation chain', () => {
  it('rebases on a generation another writer claimed first', async () => {
    let planted = false;
    const { provider, driver } = memoryProvider(
      {},
      {
        onCall: (call, store) => {
          if (planted || !isInsertOf('secrets-data#2')(call)) return;
          planted = true;
          plant(store, 'secrets-data#2', {
            currentVersion: 7,
            secrets: [
              { secret: 'SECRET-base', version: 0 },
              { secret: 'SECRET-other-writer', version: 7 },
            ],
            generation: 2,
          });
        },
      },
    );
    await provider.put('SECRET-base');
    const added = await provider.rotate();
    expect(added.version).toBe(8);
    const list = await provider.listVersions();
    expect(list?.generation).toBe(3);
    expect(list?.versions.map((item) => item.version)).toEqual([0, 7, 8]);
    expect(driver.keysOf('INSERT')).toContain('secrets-data#3');
  });

  it('treats a claim that reads back as another writer’s as lost (create-then-verify)', async () => {
    let replaced = false;
    const { provider } = memoryProvider(
      {},
      {
        onCall: (call, store) => {
          // A store that silently replaced on a duplicate INSERT would show this.
          if (replaced || call.procedure !== 'RETRIEVE' || call.entry.key !== 'secrets-data#1')
            return;
          replaced = true;
          plant(store, 'secrets-data#1', {
            currentVersion: 4,
            secrets: [{ secret: 'SECRET-silent-overwrite', version: 4 }],
            generation: 1,
          });
        },
      },
    );
    const added = await provider.rotate();
    expect(added.version).toBe(5);
    expect((await provider.listVersions())?.versions.map((item) => item.version)).toEqual([4, 5]);
  });

  it('gives up after maxWriteAttempts lost generations', async () => {
    const { provider } = memoryProvider(
      { maxWriteAttempts: 2 },
      {
        onCall: (call, store) => {
          const match = /^secrets-data#(\d+)$/.exec(
            call.procedure === 'INSERT' ? call.entry.key : '',
          );
          if (match === null) return;
          const generation = Number(match[1]);
          plant(store, call.entry.key, {
            currentVersion: generation,
            secrets: [{ secret: `SECRET-winner-${generation}`, version: generation }],
            generation,
          });
        },
      },
    );
    const error = await rejection(provider.rotate());
    expect(error).toBeInstanceOf(StorageServerError);
    expect(error.message).toBe(
      'The secrets data under key "secrets-data" of secure store "residency" changed 2 times ' +
        'while this change was being written; try again',
    );
  });

  it('succeeds when the head copy fails: readers look past a stale head', async () => {
    const writer = memoryProvider();
    await writer.provider.rotate({ secret: 'SECRET-one' });
    writer.driver.failCall(isInsertOf('secrets-data'), sqlError(131, 'HY000', 'lock wait'));
    const added = await writer.provider.rotate({ secret: 'SECRET-two' });
    expect(added.version).toBe(2);
    // The head still shows generation 1; the claim of generation 2 holds the change.
    expect((storedJson(writer.driver, 'secrets-data') as { generation: number }).generation).toBe(
      1,
    );
    const reader = memoryProvider({}, { store: writer.driver.store });
    expect((await reader.provider.getSecretsData()).currentVersion).toBe(2);
    expect(reader.driver.calls.map((call) => call.entry.key)).toEqual([
      'secrets-data',
      'secrets-data#2',
      'secrets-data#3',
    ]);
  });

  it('builds on the claim of a writer that stopped before copying the head', async () => {
    const first = memoryProvider();
    await first.provider.rotate({ secret: 'SECRET-one' });
    plant(first.driver.store, 'secrets-data#2', {
      currentVersion: 2,
      secrets: [
        { secret: 'SECRET-one', version: 1 },
        { secret: 'SECRET-two', version: 2 },
      ],
      generation: 2,
    });
    const next = memoryProvider({}, { store: first.driver.store });
    const added = await next.provider.rotate({ secret: 'SECRET-three' });
    expect(added.version).toBe(3);
    const secrets = (await next.provider.refresh()).secrets.map((item) => item.secret);
    expect(secrets).toEqual(['SECRET-one', 'SECRET-two', 'SECRET-three']);
    expect((storedJson(first.driver, 'secrets-data') as { generation: number }).generation).toBe(3);
  });

  it('reads the newest claim when the head is missing, in few reads', async () => {
    const writer = memoryProvider();
    for (let index = 0; index < 13; index++) await writer.provider.rotate();
    await writer.store.delete('secrets-data');
    const reader = memoryProvider({}, { store: writer.driver.store });
    const data = await reader.provider.getSecretsData();
    expect(data.currentVersion).toBe(13);
    // Doubling and bisecting over 13 generations, not one read per generation.
    expect(reader.driver.calls.length).toBeLessThanOrEqual(10);
  });

  it('builds on a head written by another tool, without generation', async () => {
    const { provider, store } = memoryProvider();
    await store.set(
      'secrets-data',
      JSON.stringify({ currentVersion: 0, secrets: [{ secret: 'SECRET-external', version: 0 }] }),
    );
    expect((await provider.getSecretsData()).secrets[0]?.secret).toBe('SECRET-external');
    await provider.rotate();
    expect(await provider.listVersions()).toMatchObject({ generation: 1, currentVersion: 1 });
  });

  it('puts the head on the newest generation when two writers publish out of order', async () => {
    let delayed = false;
    const shared = memoryProvider();
    await shared.provider.rotate();
    const late = memoryProvider(
      {},
      {
        store: shared.driver.store,
        onCall: (call, store) => {
          // Just before this writer copies generation 2 to the head, generation 3 is
          // claimed and published by someone else.
          if (delayed || call.procedure !== 'DELETE' || call.entry.key !== 'secrets-data') return;
          delayed = true;
          plant(store, 'secrets-data#3', {
            currentVersion: 9,
            secrets: [{ secret: 'SECRET-gen-3', version: 9 }],
            generation: 3,
          });
        },
      },
    );
    await late.provider.rotate();
    expect((storedJson(shared.driver, 'secrets-data') as { generation: number }).generation).toBe(
      3,
    );
  });
});
