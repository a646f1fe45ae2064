// The HANA Secure Store path end to end: secrets rotated in a (fake, in-memory) secure store,
// a Storage reading them through `HanaSecretsProvider`, records written before and after the
// rotation all readable, and `migrate` moving the old ones to the new version — the facade
// against the real server over real HTTP. The fake sits behind the adapter's public driver
// interface (`SecureStoreDriver`), so everything above it is the shipped code: the adapter's
// recipes, value encoding, limits, the provider's document layout, cache and rotation.
import { SecretKeyAccessor } from '@residency/sdk';
import {
  HanaSecretsProvider,
  HanaSecureStore,
  type SecureStoreConnection,
  type SecureStoreDriver,
} from '@residency/sdk/hana';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStorage } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  TEST_TIMEOUT_MS,
  type TestServer,
} from './integration-support/test-server.ts';

/** HANA's secure store as a map; INSERT refuses an existing key as the real one does (301). */
function memoryDriver(entries: Map<string, Uint8Array>): SecureStoreDriver {
  const connection: SecureStoreConnection = {
    async call(call) {
      const id = JSON.stringify([
        call.entry.storeName,
        call.entry.forApplicationUser,
        call.entry.key,
      ]);
      if (call.procedure === 'RETRIEVE') return entries.get(id) ?? null;
      if (call.procedure === 'DELETE') entries.delete(id);
      else if (entries.has(id)) {
        throw Object.assign(new Error('unique constraint violated'), { code: 301 });
      } else entries.set(id, call.value);
      return null;
    },
    // One test, one writer: statements apply at once, so a transaction has nothing to keep apart.
    begin: async () => {},
    commit: async () => {},
    rollback: async () => {},
    close: async () => {},
  };
  return { name: 'memory', connect: async () => connection };
}

const CREDENTIALS = { host: 'hana.example', port: 443, user: 'TECH_USER', password: 'p4ss-w0rd!' };

describe('secrets from the HANA Secure Store, rotated, then migrate', () => {
  const backend = SERVER_BACKENDS[0];
  let server: TestServer;

  beforeAll(async () => {
    if (!backend) throw new Error('no backend');
    server = await startTestServer(backend);
  }, SERVER_TIMEOUT_MS);
  afterAll(() => server?.close());

  it(
    'reads records written before and after a rotation, and migrates the old ones',
    async () => {
      const entries = new Map<string, Uint8Array>();
      const store = new HanaSecureStore({
        credentials: CREDENTIALS,
        driver: memoryDriver(entries),
      });
      // A TTL of 0: every lookup reads the store, so the rotation is seen at once.
      const provider = new HanaSecretsProvider({ store, cacheTtlMilliseconds: 0 });
      await provider.rotate();
      const storage = await connectStorage(server.url, server.credentials, {
        secretKeyAccessor: new SecretKeyAccessor(provider.accessor()),
      });

      for (const index of [1, 2, 3]) {
        await storage.write('de', { recordKey: `before-${index}`, body: `old body ${index}` });
      }
      const first = await provider.listVersions();
      const rotated = await provider.rotate();
      expect(rotated.version).toBeGreaterThan(first?.currentVersion ?? 0);
      await storage.write('de', { recordKey: 'after-1', body: 'new body' });

      const before = await storage.read('de', 'before-2');
      expect(before.record.body).toBe('old body 2');
      expect(before.record.version).toBe(first?.currentVersion);
      const after = await storage.read('de', 'after-1');
      expect(after.record.version).toBe(rotated.version);

      const result = await storage.migrate('de');
      expect(result).toMatchObject({ migrated: 3, totalLeft: 0 });
      const { records } = await storage.find('de', {});
      expect(records).toHaveLength(4);
      for (const record of records) expect(record.version).toBe(rotated.version);
      expect(records.map((record) => record.body).sort()).toEqual([
        'new body',
        'old body 1',
        'old body 2',
        'old body 3',
      ]);

      // Two versions in the store, values never listed.
      const versions = await provider.listVersions();
      expect(versions?.versions.map((item) => item.version)).toHaveLength(2);
      expect(JSON.stringify(versions)).not.toMatch(/"secret"/);
    },
    TEST_TIMEOUT_MS,
  );
});
