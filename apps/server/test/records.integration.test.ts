// Every records call of the facade SDK against the real server over real HTTP, on PGlite and on
// PostgreSQL: what is written reads back field for field, batches are all or nothing, deletes
// delete, and a wrong secret is a StorageCryptoError, never garbage.

import {
  type RecordInput,
  SecretKeyAccessor,
  type Storage,
  StorageCryptoError,
  StorageServerError,
} from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from './integration-support/raw-http.ts';
import { connectStorage, rawKeyAccessor } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

/** A record with every writable field set. */
function fullRecord(recordKey: string): RecordInput {
  const record: { [field: string]: unknown } = {
    recordKey,
    body: JSON.stringify({ name: 'Ada', city: 'Berlin' }),
    precommitBody: 'precommit',
    profileKey: 'profile-1',
    parentKey: 'parent-1',
    expiresAt: new Date('2099-01-01T00:00:00.000Z'),
  };
  for (let index = 1; index <= 5; index++) record[`serviceKey${index}`] = `service-${index}`;
  for (let index = 1; index <= 20; index++) record[`key${index}`] = `key-${index}`;
  for (let index = 1; index <= 10; index++) record[`rangeKey${index}`] = index * 1000 - 1;
  return record as RecordInput;
}

async function expectStatus(call: Promise<unknown>, status: number): Promise<void> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StorageServerError);
  expect((error as StorageServerError).status).toBe(status);
}

describe.each(SERVER_BACKENDS)('records over HTTP on $name', (backend) => {
  let server: TestServer;
  let storage: Storage;
  beforeAll(async () => {
    server = await startTestServer(backend);
    storage = await connectStorage(server.url, server.credentials, {
      secretKeyAccessor: rawKeyAccessor(),
    });
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  it('answers the health check of every served country', async () => {
    expect(await storage.healthCheck('de')).toEqual({ result: true });
    expect(await storage.healthCheck('US')).toEqual({ result: true });
  });

  it('writes a record with every field and reads it back unchanged', async () => {
    const input = fullRecord('full-record');
    const { record: written } = await storage.write('de', input);
    const { record } = await storage.read('de', 'full-record');
    expect(record).toMatchObject(input as object);
    expect(record.version).toBe(1);
    expect(record.attachments).toEqual([]);
    expect(record.createdAt).toBeInstanceOf(Date);
    expect(record.updatedAt?.getTime()).toBe(written.updatedAt?.getTime());
  });

  it('replaces a record on a second write, keeping its creation date', async () => {
    const { record: first } = await storage.write('de', { recordKey: 'rewritten', body: 'one' });
    await storage.write('de', { recordKey: 'rewritten', body: 'two', key1: 'added' });
    const { record } = await storage.read('de', 'rewritten');
    expect(record).toMatchObject({ body: 'two', key1: 'added', profileKey: null });
    expect(record.createdAt?.getTime()).toBe(first.createdAt?.getTime());
  });

  it('writes a batch, finds it, iterates it page by page and deletes it', async () => {
    const records = Array.from({ length: 25 }, (_, index) => ({
      recordKey: `batch-${index}`,
      body: `body ${index}`,
      profileKey: 'batch-profile',
      rangeKey1: index,
    }));
    const { records: written } = await storage.batchWrite('de', records);
    expect(written.map((record) => record.recordKey)).toEqual(records.map((r) => r.recordKey));
    expect((await storage.read('de', 'batch-7')).record.body).toBe('body 7');

    const found = await storage.find('de', { profileKey: 'batch-profile' }, { limit: 10 });
    expect(found.meta).toEqual({ count: 10, limit: 10, offset: 0, total: 25 });
    const one = await storage.findOne('de', { profileKey: 'batch-profile', rangeKey1: 24 });
    expect(one?.record?.recordKey).toBe('batch-24');

    const seen: string[] = [];
    for await (const record of storage.iterate(
      'de',
      { profileKey: 'batch-profile' },
      { pageSize: 10 },
    )) {
      seen.push(record.recordKey);
    }
    expect(seen.sort()).toEqual(records.map((record) => record.recordKey).sort());

    expect(await storage.batchDelete('de', ['batch-0', 'batch-1', 'never-written'])).toEqual({
      success: true,
    });
    expect(await storage.delete('de', 'batch-2')).toEqual({ success: true });
    const left = await storage.find('de', { profileKey: 'batch-profile' });
    expect(left.meta.total).toBe(22);
    await expectStatus(storage.read('de', 'batch-0'), 404);
    await expectStatus(storage.delete('de', 'batch-2'), 404);
  });

  it('answers findOne with null when nothing matches', async () => {
    expect(await storage.findOne('de', { key1: 'no such value' })).toBeNull();
  });

  it('stores a plain search key of 256 characters as the SDK counts them (256 emoji)', async () => {
    // The SDK and the Python SDK count code points; the server counts the same (protocol's
    // optionalKey), so what the SDK lets through is not refused with a 400.
    const plain = await connectStorage(server.url, server.credentials, { hashSearchKeys: false });
    const key1 = '😀'.repeat(256);
    await plain.write('de', { recordKey: 'emoji-key', body: 'b', key1 });
    expect((await plain.read('de', 'emoji-key')).record.key1).toBe(key1);
    await expect(plain.write('de', { recordKey: 'emoji-key', key1: `${key1}😀` })).rejects.toThrow(
      /key1/,
    );
  });

  it('stores nothing of a batch the server refuses for one record', async () => {
    // With plain search keys a NUL character reaches the server, which refuses it (PostgreSQL
    // text cannot hold it): the whole batch is refused, the valid records with it.
    const plain = await connectStorage(server.url, server.credentials, { hashSearchKeys: false });
    const batch = [
      { recordKey: 'atomic-valid-1', body: 'ok' },
      { recordKey: 'atomic-invalid', body: 'bad', key1: 'a\u0000b' },
      { recordKey: 'atomic-valid-2', body: 'ok' },
    ];
    await expectStatus(plain.batchWrite('de', batch), 400);
    await expectStatus(plain.read('de', 'atomic-valid-1'), 404);
    await expectStatus(plain.read('de', 'atomic-valid-2'), 404);
  });

  it('stores nothing of a batch when one record fails its precondition in the store', async () => {
    // Our conditional-write extension, which the SDK's migrate sends: the batch passes every
    // check at the edge and fails in the store's transaction, the valid record with it.
    const client = rawClient(server.url, server.credentials);
    const fresh = 'a'.repeat(64);
    const response = await client.send('POST', '/v2/storage/records/de/batchWrite', {
      records: [
        { record_key: fresh, body: 'stored only with the other', version: 0 },
        {
          record_key: 'b'.repeat(64),
          body: 'x',
          version: 0,
          expected_updated_at: '2020-01-01T00:00:00.000+00:00',
        },
      ],
    });
    expect(response.status).toBe(412);
    expect((await client.send('GET', `/v2/storage/records/de/${fresh}`)).status).toBe(404);
  });

  it('refuses to decrypt with a wrong secret: StorageCryptoError, and find lists the record in errors', async () => {
    const writer = await connectStorage(server.url, server.credentials, {
      secretKeyAccessor: new SecretKeyAccessor('the right password'),
    });
    const reader = await connectStorage(server.url, server.credentials, {
      secretKeyAccessor: new SecretKeyAccessor('a wrong password'),
    });
    await writer.write('de', {
      recordKey: 'secret-record',
      body: 'private',
      key2: 'wrong-secret',
    });
    await expect(reader.read('de', 'secret-record')).rejects.toBeInstanceOf(StorageCryptoError);
    const found = await reader.find('de', { key2: 'wrong-secret' });
    expect(found.records).toEqual([]);
    expect(found.errors?.map(({ error }) => error)).toEqual([expect.any(StorageCryptoError)]);
    await expect(reader.findOne('de', { key2: 'wrong-secret' })).rejects.toBeInstanceOf(
      StorageCryptoError,
    );
    expect((await writer.read('de', 'secret-record')).record.body).toBe('private');
  });
});
