// The SDK's read-integrity check against the real server, over real HTTP, on PGlite and on
// PostgreSQL (issue 14). An attacker with nothing but an environment token rewrites stored
// records with raw requests: alice's body onto bob's record, a forged `pt:` body under carol.
// The SDK refuses both; records an OFF storage wrote are refused by a LOCAL storage until it
// accepts plaintext or migrates them.

import { hashKey } from '@residency/crypto';
import { InputValidationError, type Storage, StorageCryptoError } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawClient, rawClient } from './integration-support/raw-http.ts';
import { connectStorage, rawKeyAccessor } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  SERVER_TIMEOUT_MS,
  startTestServer,
  TEST_TIMEOUT_MS,
  type TestServer,
} from './integration-support/test-server.ts';

const RECORDS = '/v2/storage/records/de';

async function rawRecord(raw: RawClient, storedKey: string): Promise<Record<string, unknown>> {
  const response = await raw.send('GET', `${RECORDS}/${storedKey}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Writes a wire record as it is, as a token holder can. */
async function rawWrite(raw: RawClient, record: Record<string, unknown>): Promise<void> {
  const { created_at: _, updated_at: __, attachments: ___, ...wire } = record;
  const response = await raw.send('POST', RECORDS, wire);
  expect(response.status).toBe(200);
}

describe.each(SERVER_BACKENDS)('read integrity over HTTP on $name', (backend) => {
  let server: TestServer;
  let raw: RawClient;
  let storage: Storage;
  const stored = (key: string) => hashKey(key, server.credentials.environmentId);
  beforeAll(async () => {
    server = await startTestServer(backend);
    raw = rawClient(server.url, server.credentials);
    storage = await connectStorage(server.url, server.credentials);
  }, SERVER_TIMEOUT_MS);
  afterAll(async () => server?.close());

  it(
    "refuses alice's stored body copied onto bob's record: read throws, find reports it",
    async () => {
      await storage.write('de', { recordKey: 'alice', body: 'ALICE-PRIVATE-BODY', key1: 'swap' });
      await storage.write('de', { recordKey: 'bob', body: 'bob body', key1: 'swap' });
      const alice = await rawRecord(raw, stored('alice'));
      const bob = await rawRecord(raw, stored('bob'));
      await rawWrite(raw, { ...bob, body: alice.body });

      const error = await storage.read('de', 'bob').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageCryptoError);
      expect(String(error)).not.toContain('ALICE');
      const found = await storage.find('de', { key1: 'swap' });
      expect(found.records.map((record) => record.recordKey)).toEqual(['alice']);
      expect(found.errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
      expect(found.errors?.[0]?.rawData.record_key).toBe(stored('bob'));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses a forged pt: body, however well it names its record',
    async () => {
      const envelope = JSON.stringify({ meta: { record_key: 'carol' }, payload: 'FORGED' });
      const body = `pt:${Buffer.from(envelope).toString('base64')}`;
      await rawWrite(raw, {
        record_key: stored('carol'),
        body,
        version: 0,
        key1: stored('forged'),
      });

      await expect(storage.read('de', 'carol')).rejects.toThrow(StorageCryptoError);
      const found = await storage.find('de', { key1: 'forged' });
      expect(found.records).toEqual([]);
      expect(found.errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reads records an OFF storage wrote only with acceptPlaintextBodies, until migrateAll encrypts them',
    async () => {
      const client = await server.addEnvironment(`plain-${backend.name}`.toLowerCase());
      const off = await connectStorage(server.url, client, { encrypt: 'OFF' });
      await off.batchWrite('de', [
        { recordKey: 'p-1', body: 'one' },
        { recordKey: 'p-2', body: 'two' },
      ]);
      const secretKeyAccessor = rawKeyAccessor();
      const local = await connectStorage(server.url, client, { secretKeyAccessor });
      const accepting = await connectStorage(server.url, client, {
        secretKeyAccessor,
        acceptPlaintextBodies: true,
      });

      await expect(local.read('de', 'p-1')).rejects.toThrow(StorageCryptoError);
      expect((await accepting.read('de', 'p-1')).record.body).toBe('one');
      const result = await local.migrateAll('de');
      expect(result).toMatchObject({ migrated: 2, failed: 0, complete: true });
      expect((await local.read('de', 'p-2')).record).toMatchObject({ body: 'two', version: 1 });
    },
    TEST_TIMEOUT_MS,
  );

  it('refuses a lone surrogate before sending', async () => {
    await expect(storage.write('de', { recordKey: 'col\ud800' })).rejects.toThrow(
      InputValidationError,
    );
    await expect(storage.find('de', { key1: 'col\udbff' })).rejects.toThrow(InputValidationError);
  });
});
