// Expiry over real HTTP, on PGlite and on PostgreSQL: a record whose `expiresAt` has passed is
// never returned — not by read, find, findOne or iterate — from the moment it passes, before any
// purge; the purge then deletes it for good. No test waits: to let a record's time pass, it is
// rewritten with an expiry in the past, which the server accepts.

import type { Storage } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStorage } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

const HOUR_MS = 3600 * 1000;

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

  it('never returns a record written with an expiry in the past', async () => {
    const past = new Date(Date.now() - HOUR_MS);
    await storage.write('de', {
      recordKey: 'born-expired',
      body: 'gone',
      key1: 'expiry',
      expiresAt: past,
    });
    expiredWritten++;
    await expect(storage.read('de', 'born-expired')).rejects.toMatchObject({ status: 404 });
    expect(await storage.findOne('de', { recordKey: 'born-expired' })).toBeNull();
    expect((await storage.find('de', { key1: 'expiry' })).meta.total).toBe(0);
    expect((await storage.find('de', { expiresAt: { $lt: new Date() } })).meta.total).toBe(0);
    expect(await visibleKeys()).toEqual([]);
  });

  it('returns a record until its expiry passes, and never after', async () => {
    const soon = new Date(Date.now() + HOUR_MS);
    await storage.write('de', {
      recordKey: 'expiring',
      body: 'alive',
      key1: 'expiry',
      expiresAt: soon,
    });
    expect((await storage.read('de', 'expiring')).record.expiresAt?.getTime()).toBe(soon.getTime());
    const live = await storage.find('de', { expiresAt: { $gt: new Date() } });
    expect(live.records.map(({ recordKey }) => recordKey)).toEqual(['expiring']);

    // Its time passes: the same record, its expiry moved into the past.
    await storage.write('de', {
      recordKey: 'expiring',
      body: 'alive',
      key1: 'expiry',
      expiresAt: new Date(Date.now() - 1000),
    });
    expiredWritten++;
    await expect(storage.read('de', 'expiring')).rejects.toMatchObject({ status: 404 });
    expect(await visibleKeys()).toEqual([]);
    expect((await storage.find('de', { expiresAt: { $gt: new Date(0) } })).meta.total).toBe(0);
  });

  it('returns only the live records of a batch that mixes expired and live ones', async () => {
    const past = new Date(Date.now() - HOUR_MS);
    await storage.batchWrite('de', [
      { recordKey: 'batch-expired', key1: 'expiry', expiresAt: past },
      { recordKey: 'batch-forever', key1: 'expiry' },
      { recordKey: 'batch-later', key1: 'expiry', expiresAt: new Date(Date.now() + HOUR_MS) },
    ]);
    expiredWritten++;
    expect(await visibleKeys()).toEqual(['batch-forever', 'batch-later']);
    expect((await storage.find('de', { expiresAt: null, key1: 'expiry' })).meta.total).toBe(1);
  });

  it('starts afresh when a key is written again over its expired record', async () => {
    await storage.write('de', { recordKey: 'born-expired', body: 'back', key1: 'expiry-again' });
    expiredWritten--;
    const { record } = await storage.read('de', 'born-expired');
    expect(record).toMatchObject({ body: 'back', expiresAt: null, key1: 'expiry-again' });
  });

  it('purges exactly the expired records, and leaves the live ones', async () => {
    const store = await server.stores.country('de');
    expect(await store.purgeExpired(new Date())).toBe(expiredWritten);
    expect(await store.purgeExpired(new Date())).toBe(0);
    expect(await visibleKeys()).toEqual(['batch-forever', 'batch-later']);
    expect((await storage.read('de', 'born-expired')).record.body).toBe('back');
  });
});
