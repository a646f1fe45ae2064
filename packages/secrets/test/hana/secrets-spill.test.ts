import { InputValidationError, SecretsValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import type { SecretsDataInput } from '../../src/index.ts';
import { entryId } from '../support/memory-secure-store.ts';
import { memoryProvider, storedJson } from '../support/providers.ts';
import { rejection, renderings } from '../support/stores.ts';

/** Ten 600-character passwords: about 6 kB of JSON, over the 5000-byte limit. */
function largeData(count = 10): SecretsDataInput {
  const secrets = Array.from({ length: count }, (_, version) => ({
    secret: `SECRET-${version}-`.padEnd(600, String.fromCharCode(97 + version)),
    version,
  }));
  return { currentVersion: count - 1, secrets };
}

function refKeys(keys: string[]): string[] {
  return keys.filter((key) => key.startsWith('secrets-data/v'));
}

describe('secrets data over 5000 bytes: one entry per spilled version', () => {
  it('moves the oldest secrets to entries of their own until the document fits', async () => {
    const { provider, driver } = memoryProvider();
    const list = await provider.put(largeData());
    const separate = list.versions
      .filter((item) => item.storedSeparately)
      .map((item) => item.version);
    expect(separate).toEqual([0, 1, 2]);
    const refs = refKeys(driver.store.keys());
    expect(refs).toHaveLength(3);
    expect(refs[0]).toMatch(/^secrets-data\/v0\/[0-9a-f]{16}$/);
    const head = storedJson(driver, 'secrets-data') as { secrets: { secretRef?: string }[] };
    expect(head.secrets[0]?.secretRef).toBe(refs[0]);
    const reader = memoryProvider({}, { store: driver.store }).provider;
    expect(await reader.getSecretsData()).toEqual(await provider.getSecretsData());
    expect((await reader.getSecretsData()).secrets[0]?.secret).toBe(largeData().secrets[0]?.secret);
  });

  it('keeps spilled secrets where they are and reads each entry only once', async () => {
    const { provider, driver } = memoryProvider();
    await provider.put(largeData());
    const before = refKeys(driver.store.keys());
    const reader = memoryProvider({ cacheTtlMilliseconds: 0 }, { store: driver.store });
    await reader.provider.getSecretsData();
    await reader.provider.getSecretsData();
    const refReads = reader.driver.keysOf('RETRIEVE').filter((key) => key.includes('/v'));
    expect(refReads).toHaveLength(3);
    await provider.put(largeData(11));
    expect(refKeys(driver.store.keys())).toEqual(expect.arrayContaining(before));
  });

  it('refuses data too large even with every secret on its own, before writing', async () => {
    const { provider, driver } = memoryProvider();
    const error = await rejection(provider.put(largeData(120)));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toBe(
      'The secrets data is too large for the secure store even with each of its 120 secrets in ' +
        'an entry of its own; remove old versions with put()',
    );
    expect(renderings(error)).not.toContain('SECRET-');
    expect(driver.store.keys()).toEqual([]);
  });

  it('reports a spilled entry that was deleted', async () => {
    const { provider, driver } = memoryProvider();
    await provider.put(largeData());
    const ref = refKeys(driver.store.keys())[0] as string;
    driver.store.committed.delete(
      entryId({ storeName: 'residency', forApplicationUser: false, key: ref }),
    );
    const reader = memoryProvider({}, { store: driver.store }).provider;
    const error = await rejection(reader.getSecretsData());
    expect(error).toBeInstanceOf(SecretsValidationError);
    expect(error.message).toBe(
      'The secret of version 0 under key "secrets-data" of secure store "residency" is ' +
        'missing: its own entry was deleted',
    );
  });

  it('removes the entries it spilled when another writer took the generation', async () => {
    let planted = false;
    const { provider, driver } = memoryProvider(
      {},
      {
        onCall: (call, store) => {
          if (planted || call.procedure !== 'INSERT' || call.entry.key !== 'secrets-data#1') return;
          planted = true;
          const id = entryId({
            storeName: 'residency',
            forApplicationUser: false,
            key: call.entry.key,
          });
          const other = {
            currentVersion: 5,
            secrets: [{ secret: 'SECRET-other', version: 5 }],
            generation: 1,
          };
          store.committed.set(id, new TextEncoder().encode(JSON.stringify(other)));
        },
      },
    );
    const list = await provider.put(largeData(), { allowSecretChange: true });
    expect(list.generation).toBe(2);
    // The first attempt's entries are gone; only those of generation 2 remain.
    const head = storedJson(driver, 'secrets-data') as { secrets: { secretRef?: string }[] };
    const referenced = head.secrets.flatMap((item) => (item.secretRef ? [item.secretRef] : []));
    expect(refKeys(driver.store.keys())).toEqual(referenced.sort());
    expect(referenced).toHaveLength(3);
  });

  it('deletes spilled entries with everything else', async () => {
    const { provider, driver } = memoryProvider();
    await provider.put(largeData());
    await provider.rotate();
    await provider.delete();
    expect(driver.store.keys()).toEqual([]);
  });
});
