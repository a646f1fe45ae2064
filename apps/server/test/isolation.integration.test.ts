// Records are partitioned by environment and by country, over real HTTP on PGlite and on
// PostgreSQL: an environment added to the running server's registry (what `env add` does) sees
// nothing of the first one, even for the very same stored key, and the same key in two
// countries is two records.

import type { Storage } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewClient } from '../src/index.ts';
import { type RawClient, rawClient } from './integration-support/raw-http.ts';
import { connectStorage } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

/** A stored key as the SDKs send it (64 hex), identical in both environments. */
const SHARED_STORED_KEY = 'c'.repeat(64);

async function bodyOf(client: RawClient, country: string, key: string): Promise<unknown> {
  const response = await client.send('GET', `/v2/storage/records/${country}/${key}`);
  return response.status === 200
    ? ((await response.json()) as { body: unknown }).body
    : response.status;
}

describe.each(SERVER_BACKENDS)('isolation over HTTP on $name', (backend) => {
  let server: TestServer;
  let first: Storage;
  let secondClient: NewClient;
  let second: Storage;
  beforeAll(async () => {
    server = await startTestServer(backend);
    first = await connectStorage(server.url, server.credentials);
    await first.batchWrite('de', [
      { recordKey: 'shared-name', body: 'of the first environment', key1: 'isolation' },
      { recordKey: 'only-first', body: 'first', key1: 'isolation' },
    ]);
    // Added while the server runs: it reads the registry on each request, no restart.
    secondClient = await server.addEnvironment('second');
    second = await connectStorage(server.url, secondClient);
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  it('shows a new environment none of the records of another', async () => {
    expect((await second.find('de', {})).meta.total).toBe(0);
    expect(await second.findOne('de', { key1: 'isolation' })).toBeNull();
    await expect(second.read('de', 'only-first')).rejects.toMatchObject({ status: 404 });
    await expect(second.delete('de', 'only-first')).rejects.toMatchObject({ status: 404 });
    expect((await first.read('de', 'only-first')).record.body).toBe('first');
  });

  it('keeps the same record key apart in two environments', async () => {
    await second.write('de', {
      recordKey: 'shared-name',
      body: 'of the second',
      key1: 'isolation',
    });
    expect((await first.read('de', 'shared-name')).record.body).toBe('of the first environment');
    expect((await second.read('de', 'shared-name')).record.body).toBe('of the second');
    expect((await first.find('de', { key1: 'isolation' })).meta.total).toBe(2);
    expect((await second.find('de', { key1: 'isolation' })).meta.total).toBe(1);
  });

  it('keeps the very same stored key apart, and refuses a token for another environment', async () => {
    // The SDK salts key hashes with the environment id; raw requests send one stored key to
    // both environments, so only the server's partitioning keeps them apart.
    const rawFirst = rawClient(server.url, server.credentials);
    const rawSecond = rawClient(server.url, secondClient);
    for (const [client, body] of [
      [rawFirst, 'first'],
      [rawSecond, 'second'],
    ] as const) {
      const response = await client.send('POST', '/v2/storage/records/de', {
        record_key: SHARED_STORED_KEY,
        body,
        version: 0,
      });
      expect(response.status).toBe(200);
    }
    expect(await bodyOf(rawFirst, 'de', SHARED_STORED_KEY)).toBe('first');
    expect(await bodyOf(rawSecond, 'de', SHARED_STORED_KEY)).toBe('second');
    const deleted = await rawSecond.send('POST', '/v2/storage/records/de/batchDelete', {
      filter: { record_key: [SHARED_STORED_KEY] },
    });
    expect(deleted.status).toBe(200);
    expect(await bodyOf(rawSecond, 'de', SHARED_STORED_KEY)).toBe(404);
    expect(await bodyOf(rawFirst, 'de', SHARED_STORED_KEY)).toBe('first');

    const crossed = await fetch(`${server.url}/v2/storage/records/de/${SHARED_STORED_KEY}`, {
      headers: {
        authorization: `Bearer ${await rawFirst.token()}`,
        'x-env-id': secondClient.environmentId,
      },
    });
    expect(crossed.status).toBe(403);
  });

  it('keeps the same key in two countries as two records', async () => {
    await first.write('de', { recordKey: 'travelling', body: 'in Germany', key2: 'country' });
    await first.write('us', { recordKey: 'travelling', body: 'in the US', key2: 'country' });
    expect((await first.read('de', 'travelling')).record.body).toBe('in Germany');
    expect((await first.read('us', 'travelling')).record.body).toBe('in the US');
    const inUs = await first.find('us', { key2: 'country' });
    expect(inUs.records.map(({ body }) => body)).toEqual(['in the US']);
    await first.delete('de', 'travelling');
    await expect(first.read('de', 'travelling')).rejects.toMatchObject({ status: 404 });
    expect((await first.read('us', 'travelling')).record.body).toBe('in the US');
    expect((await first.find('us', {})).meta.total).toBe(1);
  });
});
