// The wire-level contract: the real adapter code, through a real driver, against our fake
// HANA server on 127.0.0.1. Run once per installed driver.

import { createServer, type Socket } from 'node:net';
import {
  StorageAuthenticationError,
  StorageConfigValidationError,
  StorageNetworkError,
} from '@residency/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HanaDriverChoice,
  HanaSecretsProvider,
  HanaSecureStore,
  SecureStoreEntryExistsError,
} from '../../src/hana/index.ts';
import { SecretKeyAccessor } from '../../src/index.ts';
import { type FakeHanaServer, startFakeHanaServer } from './hana-wire/fake-hana-server.ts';
import { rejection, renderings } from './stores.ts';

const SECRET = 'SECRET-over-the-wire-2b77';

/** A port with nothing listening: bound, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Defines the contract suite for one driver.
 *
 * @param driver The driver to load.
 */
export function secureStoreContract(driver: HanaDriverChoice): void {
  let server: FakeHanaServer;
  const stores: HanaSecureStore[] = [];
  const storeFor = (options: Partial<ConstructorParameters<typeof HanaSecureStore>[0]> = {}) => {
    const store = new HanaSecureStore({ credentials: server.credentials(), driver, ...options });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    server = await startFakeHanaServer();
  });
  afterAll(async () => {
    await server.close();
  });

  describe('values and recipes', () => {
    it('writes, reads, replaces and deletes through the three procedures', async () => {
      const store = storeFor({ storeName: 'wire-basic' });
      await store.create('token', SECRET);
      expect(await store.getText('token')).toBe(SECRET);
      await store.set('token', 'replaced');
      expect(await store.getText('token')).toBe('replaced');
      await store.delete('token');
      expect(await store.get('token')).toBeNull();
      await expect(store.delete('token')).resolves.toBeUndefined();
    });

    it('round-trips every byte value, 5000 bytes, and keys beyond the BMP (CESU-8)', async () => {
      const store = storeFor({ storeName: 'wire-bytes' });
      const bytes = Uint8Array.from({ length: 5000 }, (_, index) => index % 256);
      const key = `ключ-🔑-${'k'.repeat(1000)}`;
      await store.set(key, bytes);
      expect(await store.get(key)).toEqual(bytes);
      await store.set('small', Uint8Array.of(0, 255));
      expect(await store.get('small')).toEqual(Uint8Array.of(0, 255));
      expect(server.store.peek('wire-bytes', false, key)).toEqual(bytes);
    });

    it('reports an existing key on create, with the server error (301) as cause', async () => {
      const store = storeFor({ storeName: 'wire-exists' });
      await store.create('k', 'first');
      const error = await rejection(store.create('k', SECRET));
      expect(error).toBeInstanceOf(SecureStoreEntryExistsError);
      expect((error.cause as { code: unknown }).code).toBe(301);
      expect(renderings(error)).not.toContain(SECRET);
    });

    it('keeps application-user entries apart from technical-user entries', async () => {
      const technical = storeFor({ storeName: 'wire-users' });
      const personal = storeFor({
        storeName: 'wire-users',
        forApplicationUser: true,
        applicationUserToken: 'user-jwt',
      });
      await technical.set('k', 'technical');
      await personal.set('k', 'personal');
      expect(await technical.getText('k')).toBe('technical');
      expect(await personal.getText('k')).toBe('personal');
    });

    it('replaces in one transaction: autocommit off, one COMMIT', async () => {
      const store = storeFor({ storeName: 'wire-transaction' });
      const start = server.log.length;
      await store.set('k', 'v');
      const messages = server.log.slice(start).filter((line) => !line.startsWith(' '));
      expect(messages).toContain('COMMIT');
      expect(messages.filter((line) => line === 'EXECUTE')).toHaveLength(2);
    });

    it('runs a session on one connection', async () => {
      const store = storeFor({ storeName: 'wire-session' });
      const before = server.connections();
      await store.session(async (session) => {
        await session.set('a', '1');
        await session.set('b', '2');
        expect(await session.getText('a')).toBe('1');
      });
      expect(server.connections()).toBe(before + 1);
    });
  });

  describe('errors', () => {
    it('maps a wrong password to StorageAuthenticationError (HANA 10)', async () => {
      const store = storeFor({ credentials: { ...server.credentials(), password: SECRET } });
      const error = await rejection(store.get('k'));
      expect(error).toBeInstanceOf(StorageAuthenticationError);
      expect((error.cause as { code: unknown }).code).toBe(10);
      expect(renderings(error)).not.toContain(SECRET);
    });

    it('maps a closed port to StorageNetworkError', async () => {
      const port = await closedPort();
      const store = storeFor({ credentials: { ...server.credentials(), port } });
      await expect(store.get('k')).rejects.toBeInstanceOf(StorageNetworkError);
    });

    it('gives up on a server that accepts but never answers (connect timeout)', async () => {
      const sockets: Socket[] = [];
      const silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      try {
        const store = storeFor({
          credentials: { ...server.credentials(), port },
          connectTimeoutMilliseconds: 50,
        });
        await expect(store.get('k')).rejects.toBeInstanceOf(StorageNetworkError);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('maps a database without a secure store (328) and a wrong plan (258)', async () => {
      for (const options of [{ proceduresAvailable: false }, { privileged: false }]) {
        const other = await startFakeHanaServer(options);
        try {
          const store = new HanaSecureStore({ credentials: other.credentials(), driver });
          const error = await rejection(store.get('k'));
          expect(error).toBeInstanceOf(StorageConfigValidationError);
          expect(error.message).toMatch(/HANA error (328|258)/);
        } finally {
          await other.close();
        }
      }
    });
  });

  describe('secrets provider', () => {
    it('serves a SecretKeyAccessor and keeps every version of concurrent rotations', async () => {
      const providers = Array.from(
        { length: 4 },
        () => new HanaSecretsProvider({ store: storeFor({ storeName: 'wire-provider' }) }),
      );
      const added = await Promise.all(providers.map((provider) => provider.rotate()));
      expect(added.map((item) => item.version).sort()).toEqual([1, 2, 3, 4]);
      const reader = new HanaSecretsProvider({ store: storeFor({ storeName: 'wire-provider' }) });
      const accessor = new SecretKeyAccessor(reader.accessor());
      expect((await accessor.getSecret()).version).toBe(4);
      expect((await reader.listVersions())?.versions).toHaveLength(4);
      await reader.delete();
      expect(server.store.keys('wire-provider')).toEqual([]);
    });
  });
}
