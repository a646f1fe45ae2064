// Every method of Storage end to end through the facade, against a fake PoP on msw: what goes
// over the wire is hashed and encrypted, what comes back is the caller's record.

import { hashKey } from '@residency/crypto';
import { createRecordingHandler, errorResponse } from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createStorage,
  InputValidationError,
  SecretKeyAccessor,
  type SecretsDataInput,
  SortOrder,
  Storage,
  StorageServerError,
  type Record as StoredRecord,
} from '../src/index.ts';
import { ENDPOINT, ENVIRONMENT_ID, type FakePop, fakePop } from './support/fake-pop.ts';
import { NO_ENV, PASSWORD, validOptions } from './support/options.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function setup(overrides: Record<string, unknown> = {}): Promise<[Storage, FakePop]> {
  const pop = fakePop();
  server.use(...pop.handlers);
  return [await createStorage(validOptions(overrides), NO_ENV), pop];
}

const BODY = JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com' });

describe('Storage', () => {
  it('is the facade class, with the seed debug key', async () => {
    const [storage] = await setup();
    expect(storage).toBeInstanceOf(Storage);
    expect(Storage.HTTP_DEBUG_KEY).toBe('httpResponse');
  });

  it('writes encrypted and reads back the record with a real accessor', async () => {
    const [storage, pop] = await setup();
    const written = await storage.write('de', {
      recordKey: 'user-1',
      body: BODY,
      precommitBody: 'precommit text',
      profileKey: 'profile-1',
      key1: 'Berlin',
      rangeKey1: 42,
      expiresAt: new Date('2030-01-01T00:00:00.000Z'),
    });
    expect(written.record).toMatchObject({ recordKey: 'user-1', body: BODY, key1: 'Berlin' });

    const [sent] = pop.callsTo('POST', '/records/de');
    const wire = sent?.body as Record<string, unknown>;
    expect(String(wire.body)).toMatch(/^2:/);
    expect(String(wire.precommit_body)).toMatch(/^2:/);
    expect(wire.record_key).toBe(hashKey('user-1', ENVIRONMENT_ID));
    expect(wire.profile_key).toBe(hashKey('profile-1', ENVIRONMENT_ID));
    expect(wire.range_key1).toBe(42);
    for (const plain of [
      'Ada Lovelace',
      'user-1',
      'Berlin',
      'profile-1',
      'precommit text',
      PASSWORD,
    ]) {
      expect(sent?.text).not.toContain(plain);
    }

    const { record } = await storage.read('de', 'user-1');
    expect(record).toMatchObject({
      recordKey: 'user-1',
      body: BODY,
      precommitBody: 'precommit text',
      profileKey: 'profile-1',
      key1: 'Berlin',
      rangeKey1: 42,
      version: 0,
    });
    expect(record.expiresAt?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(record.createdAt).toBeInstanceOf(Date);
    const [read] = pop.callsTo('GET', hashKey('user-1', ENVIRONMENT_ID));
    expect(read).toBeDefined();
  });

  it('batch-writes, finds with filters and sort, finds one, iterates', async () => {
    const [storage, pop] = await setup();
    const { records } = await storage.batchWrite('de', [
      { recordKey: 'a', key1: 'x', body: 'A', rangeKey1: 1 },
      { recordKey: 'b', key1: 'x', body: 'B', rangeKey1: 2 },
      { recordKey: 'c', key1: 'y', body: 'C', rangeKey1: 3 },
    ]);
    expect(records.map((record) => record.body)).toEqual(['A', 'B', 'C']);

    const found = await storage.find(
      'de',
      { key1: 'x', rangeKey1: { $gte: 1 } },
      { limit: 10, offset: 0, sort: [{ rangeKey1: SortOrder.DESC }] },
    );
    expect(found.records.map((record) => record.recordKey).sort()).toEqual(['a', 'b']);
    expect(found.meta).toEqual({ count: 2, limit: 10, offset: 0, total: 2 });
    expect(found.errors).toBeUndefined();
    const [findCall] = pop.callsTo('POST', '/find');
    expect(findCall?.body).toMatchObject({
      filter: { key1: hashKey('x', ENVIRONMENT_ID), range_key1: { $gte: 1 } },
      options: { limit: 10, offset: 0, sort: [{ range_key1: 'desc' }] },
    });

    const one = await storage.findOne('de', { recordKey: 'c' });
    expect(one?.record?.body).toBe('C');
    expect(await storage.findOne('de', { recordKey: 'nobody' })).toBeNull();

    const seen: StoredRecord[] = [];
    for await (const record of storage.iterate('de', { key1: ['x', 'y'] }, { pageSize: 2 })) {
      seen.push(record);
    }
    expect(seen.map((record) => record.recordKey).sort()).toEqual(['a', 'b', 'c']);
  });

  it('deletes one record and batch-deletes the rest, then reports health', async () => {
    const [storage, pop] = await setup();
    await storage.batchWrite('de', [{ recordKey: 'a' }, { recordKey: 'b' }, { recordKey: 'c' }]);
    await expect(storage.delete('de', 'a')).resolves.toEqual({ success: true });
    await expect(storage.batchDelete('de', ['b', 'c'])).resolves.toEqual({ success: true });
    expect(pop.records.get('de')?.size).toBe(0);
    expect(pop.callsTo('POST', '/batchDelete')[0]?.body).toEqual({
      filter: { record_key: [hashKey('b', ENVIRONMENT_ID), hashKey('c', ENVIRONMENT_ID)] },
    });
    await expect(storage.healthCheck('de')).resolves.toEqual({ result: true });
  });

  it('throws StorageServerError with status 404 for a missing record', async () => {
    const [storage] = await setup();
    const error = await storage.read('de', 'missing').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StorageServerError);
    expect((error as StorageServerError).status).toBe(404);
  });

  it('validates arguments before any request', async () => {
    const [storage, pop] = await setup();
    await expect(storage.write('deu', { recordKey: 'k' })).rejects.toBeInstanceOf(
      InputValidationError,
    );
    await expect(storage.find('de', {}, { limit: 101 })).rejects.toBeInstanceOf(
      InputValidationError,
    );
    expect(pop.calls()).toHaveLength(0);
  });

  it('carries the HTTP response under httpResponse in debug mode', async () => {
    const pop = fakePop();
    const read = createRecordingHandler('GET', `${ENDPOINT}/v2/storage/records/de/:key`, () =>
      errorResponse(404, { headers: { 'x-inc-corr-id-resp': 'corr-1' } }),
    );
    server.use(...pop.handlers);
    const storage = await createStorage(validOptions({ debug: true }), NO_ENV);
    const written = await storage.write('de', { recordKey: 'k1', body: 'b' });
    expect(written[Storage.HTTP_DEBUG_KEY]).toMatchObject({
      kind: 'pop',
      method: 'POST',
      status: 200,
      url: `${ENDPOINT}/v2/storage/records/de`,
    });
    const found = await storage.find('de');
    expect(found.httpResponse?.status).toBe(200);
    const miss = await storage.findOne('de', { recordKey: 'none' });
    expect(miss).toMatchObject({ record: null, httpResponse: { status: 200 } });
    server.use(read.handler);
    const error = await storage.read('de', 'k1').catch((thrown: unknown) => thrown);
    expect((error as StorageServerError).requestId).toBe('corr-1');
  });

  it('has no httpResponse without debug', async () => {
    const [storage] = await setup();
    const written = await storage.write('de', { recordKey: 'k1' });
    expect(written).not.toHaveProperty('httpResponse');
  });

  it('rotates secrets: old records stay readable, new ones use the current version', async () => {
    let data: SecretsDataInput = { currentVersion: 0, secrets: [{ secret: PASSWORD, version: 0 }] };
    const accessor = new SecretKeyAccessor(() => data);
    const [storage, pop] = await setup({ secretKeyAccessor: accessor });
    await storage.write('de', { recordKey: 'old', body: 'old body' });
    data = {
      currentVersion: 1,
      secrets: [
        { secret: PASSWORD, version: 0 },
        { secret: btoa('k'.repeat(32)), version: 1, isKey: true },
      ],
    };
    await storage.write('de', { recordKey: 'new', body: 'new body' });
    const versions = pop.callsTo('POST', '/records/de').map((call) => {
      return (call.body as { version: number }).version;
    });
    expect(versions).toEqual([0, 1]);
    expect((await storage.read('de', 'old')).record).toMatchObject({
      body: 'old body',
      version: 0,
    });
    expect((await storage.read('de', 'new')).record).toMatchObject({
      body: 'new body',
      version: 1,
    });
  });
});
