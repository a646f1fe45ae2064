// Server-side encryption over real HTTP, on PGlite and on PostgreSQL: the SDK in `SSE` mode sends
// plaintext records and raw keys, the server hashes the keys and seals the body, reads answer
// the plaintext, and filters hash their operands the same way. Substring search and sorting on
// key1..key20 need an environment with plain search keys (`env add --plain-search-keys`).

import {
  EncryptionType,
  type Storage,
  StorageCryptoError,
  StorageServerError,
} from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStorage } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

const SSE = { encrypt: EncryptionType.SSE } as const;
// Spaces, `+`, `&`, `%` and non-ASCII: the raw key travels URL-encoded in the path.
const ODD_KEY = 'Ünïcode key 42 + & 100%';

function sseRecord(index: number) {
  return {
    recordKey: `sse-${index}`,
    body: JSON.stringify({ index, secret: `plaintext-${index}` }),
    profileKey: `profile-${index % 2}`,
    parentKey: index === 0 ? null : 'parent',
    key1: ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'][index] as string,
    rangeKey1: index,
  };
}

describe.each(SERVER_BACKENDS)('SSE over HTTP on $name', (backend) => {
  let server: TestServer;
  let storage: Storage;
  beforeAll(async () => {
    server = await startTestServer(backend);
    storage = await connectStorage(server.url, server.credentials, SSE);
    await storage.batchWrite('de', [0, 1, 2, 3, 4].map(sseRecord));
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  it('round-trips a record with a raw key that needs URL encoding', async () => {
    const input = { recordKey: ODD_KEY, body: 'plain body', precommitBody: 'pre', key3: 'k3' };
    const { record: written } = await storage.write('de', input);
    expect(written).toMatchObject(input);
    expect((await storage.read('de', ODD_KEY)).record).toMatchObject(input);
    expect(await storage.delete('de', ODD_KEY)).toEqual({ success: true });
    await expect(storage.read('de', ODD_KEY)).rejects.toMatchObject({ status: 404 });
  });

  it('filters by value, list, null, $not and range, hashing operands as the server did', async () => {
    const keys = async (filter: Parameters<Storage['find']>[1]) =>
      (await storage.find('de', filter)).records.map(({ recordKey }) => recordKey).sort();
    expect(await keys({ profileKey: 'profile-1' })).toEqual(['sse-1', 'sse-3']);
    expect(await keys({ key1: ['Alpha', 'Echo'] })).toEqual(['sse-0', 'sse-4']);
    expect(await keys({ recordKey: 'sse-2' })).toEqual(['sse-2']);
    expect(await keys({ parentKey: null })).toEqual(['sse-0']);
    expect(await keys({ parentKey: { $not: 'parent' } })).toEqual(['sse-0']);
    expect(await keys({ rangeKey1: { $gte: 3 } })).toEqual(['sse-3', 'sse-4']);
    expect(
      await keys({ $or: [{ key1: 'Bravo' }, { profileKey: 'profile-0', key1: 'Echo' }] }),
    ).toEqual(['sse-1', 'sse-4']);
    const found = await storage.findOne('de', { key1: 'Delta' });
    expect(found?.record).toMatchObject(sseRecord(3));
  });

  it('pages, iterates and deletes in SSE mode', async () => {
    const page = await storage.find(
      'de',
      {},
      { limit: 2, offset: 1, sort: [{ rangeKey1: 'asc' }] },
    );
    expect(page.meta).toEqual({ count: 2, limit: 2, offset: 1, total: 5 });
    expect(page.records.map(({ rangeKey1 }) => rangeKey1)).toEqual([1, 2]);
    const seen: string[] = [];
    for await (const record of storage.iterate('de', {}, { pageSize: 2 }))
      seen.push(record.recordKey);
    expect(seen.sort()).toEqual(['sse-0', 'sse-1', 'sse-2', 'sse-3', 'sse-4']);
    await storage.write('de', { recordKey: 'sse-doomed-1' });
    await storage.write('de', { recordKey: 'sse-doomed-2' });
    expect(await storage.batchDelete('de', ['sse-doomed-1', 'sse-doomed-2'])).toEqual({
      success: true,
    });
    expect(
      (await storage.find('de', { recordKey: ['sse-doomed-1', 'sse-doomed-2'] })).meta.total,
    ).toBe(0);
  });

  it('stores hashed keys and a sealed body: a client-encrypting reader cannot open them', async () => {
    const local = await connectStorage(server.url, server.credentials);
    const { errors } = await local.find('de', {}, { limit: 100 });
    const raw = errors?.find(({ rawData }) => rawData.range_key1 === 2)?.rawData;
    expect(raw?.record_key).toMatch(/^sse:[0-9a-f]{64}$/);
    expect(raw?.key1).toMatch(/^sse:[0-9a-f]{64}$/);
    expect(raw?.body).toMatch(/^sse1:/);
    expect(JSON.stringify(raw)).not.toContain('plaintext-2');
    expect(errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
  });

  it('refuses substring search and key sorting without plain search keys (400)', async () => {
    const searched = storage.find('de', { searchKeys: 'Alp' });
    await expect(searched).rejects.toBeInstanceOf(StorageServerError);
    await expect(searched).rejects.toMatchObject({ status: 400 });
    await expect(storage.find('de', {}, { sort: [{ key1: 'asc' }] })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('searches, matches and sorts key1..key20 in an environment with plain search keys', async () => {
    const client = await server.addEnvironment('search-app', true);
    const search = await connectStorage(server.url, client, SSE);
    await search.batchWrite('de', [0, 1, 2, 3, 4].map(sseRecord));
    const found = await search.find('de', { searchKeys: 'rav' });
    expect(found.records.map(({ recordKey }) => recordKey)).toEqual(['sse-1']);
    const liked = await search.find('de', { key1: { $like: 'lt' } });
    expect(liked.records.map(({ key1 }) => key1)).toEqual(['Delta']);
    const sorted = await search.find('de', {}, { sort: [{ key1: 'desc' }], limit: 2 });
    expect(sorted.records.map(({ key1 }) => key1)).toEqual(['Echo', 'Delta']);
    expect((await search.read('de', 'sse-4')).record).toMatchObject(sseRecord(4));
  });
});
