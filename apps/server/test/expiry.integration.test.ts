// Expiry over real HTTP, on PGlite and on PostgreSQL: a write whose `expiresAt` is not in the
// future is refused (as the platform does); a record whose `expiresAt` has passed is never
// returned — not by read, find, findOne or iterate — from the moment it passes, before any purge;
// the purge then deletes it for good. Records are written to expire a moment later and the test
// waits for that moment once.

import { setTimeout as sleep } from 'node:timers/promises';
import { type Storage, StorageServerError } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStorage } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

const HOUR_MS = 3600 * 1000;
/** How far ahead the records meant to expire during the test are set to expire. */
const SOON_MS = 1500;

/** Waits until `moment` has passed on this machine's clock (the database's, here). */
async function until(moment: Date): Promise<void> {
  await sleep(Math.max(0, moment.getTime() - Date.now()) + 50);
}

describe.each(SERVER_BACKENDS)('expiry over HTTP on $name', (backend) => {
  let server: TestServer;
  let storage: Storage;
  // Records of this file written with a past expiry, for the purge's count.
  let expiredWritten = 0;
  beforeAll(async () => {
    server = await startTestServer(backend);
    storage = await connectStorage(server.url, server.credentials);
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  async function visibleKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const record of storage.iterate('de', { key1: 'expiry' }))
      keys.push(record.recordKey);
    return keys.sort();
  }

  it('refuses an expiry that is not later than now, single or batched, and stores nothing', async () => {
    const write = storage.write('de', {
      recordKey: 'born-expired',
      body: 'never stored',
      key1: 'refused',
      expiresAt: new Date(Date.now() - HOUR_MS),
    });
    await expect(write).rejects.toBeInstanceOf(StorageServerError);
    await expect(write).rejects.toMatchObject({ status: 400, detail: 'must be later than now' });
    const batch = storage.batchWrite('de', [
      { recordKey: 'batch-refused-live', key1: 'refused' },
      { recordKey: 'batch-refused-now', key1: 'refused', expiresAt: new Date() },
    ]);
    await expect(batch).rejects.toMatchObject({ status: 400, detail: 'must be later than now' });
    expect((await storage.find('de', { key1: 'refused' })).meta.total).toBe(0);
    await expect(storage.read('de', 'born-expired')).rejects.toMatchObject({ status: 404 });
  });

  it('returns records until their expiry passes, and never after, single or batched', async () => {
    const soon = new Date(Date.now() + SOON_MS);
    await storage.write('de', {
      recordKey: 'expiring',
      body: 'alive',
      key1: 'expiry',
      expiresAt: soon,
    });
    await storage.batchWrite('de', [
      { recordKey: 'batch-expiring', key1: 'expiry', expiresAt: soon },
      { recordKey: 'batch-forever', key1: 'expiry' },
      { recordKey: 'batch-later', key1: 'expiry', expiresAt: new Date(Date.now() + HOUR_MS) },
    ]);
    expiredWritten += 2;
    expect((await storage.read('de', 'expiring')).record.expiresAt?.getTime()).toBe(soon.getTime());
    expect(await visibleKeys()).toEqual([
      'batch-expiring',
      'batch-forever',
      'batch-later',
      'expiring',
    ]);

    await until(soon);

    await expect(storage.read('de', 'expiring')).rejects.toMatchObject({ status: 404 });
    expect(await storage.findOne('de', { recordKey: 'expiring' })).toBeNull();
    expect(await visibleKeys()).toEqual(['batch-forever', 'batch-later']);
    expect((await storage.find('de', { expiresAt: { $lt: new Date() } })).meta.total).toBe(0);
    const live = await storage.find('de', { expiresAt: { $gt: new Date(0) } });
    expect(live.records.map(({ recordKey }) => recordKey)).toEqual(['batch-later']);
    expect((await storage.find('de', { expiresAt: null, key1: 'expiry' })).meta.total).toBe(1);
  });

  it('starts afresh when a key is written again over its expired record', async () => {
    await storage.write('de', { recordKey: 'expiring', body: 'back', key1: 'expiry-again' });
    expiredWritten--;
    const { record } = await storage.read('de', 'expiring');
    expect(record).toMatchObject({ body: 'back', expiresAt: null, key1: 'expiry-again' });
  });

  it('purges exactly the expired records, and leaves the live ones', async () => {
    const store = await server.stores.country('de');
    expect(await store.purgeExpired(new Date())).toBe(expiredWritten);
    expect(await store.purgeExpired(new Date())).toBe(0);
    expect(await visibleKeys()).toEqual(['batch-forever', 'batch-later']);
    expect((await storage.read('de', 'expiring')).record.body).toBe('back');
  });
});
