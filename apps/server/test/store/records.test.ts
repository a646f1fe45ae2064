import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CountryStore,
  PreconditionFailedError,
  UnknownCountryError,
} from '../../src/store/index.ts';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';
import {
  BACKEND_TIMEOUT_MS,
  type OpenedBackend,
  STORE_BACKENDS,
  TEST_COUNTRIES,
  TEST_TIMEOUT_MS,
} from '../support/store-backends.ts';

const [COUNTRY, OTHER_COUNTRY] = TEST_COUNTRIES;
const PAST = new Date(Date.now() - 60_000);
const FUTURE = new Date(Date.now() + 24 * 60 * 60 * 1000);

describe.each(STORE_BACKENDS)('records on $name', { timeout: TEST_TIMEOUT_MS }, (backend) => {
  let opened: OpenedBackend;
  let store: CountryStore;

  beforeAll(async () => {
    opened = await backend.open();
    store = await opened.stores.country(COUNTRY);
  }, BACKEND_TIMEOUT_MS);

  afterAll(() => opened?.close(), BACKEND_TIMEOUT_MS);

  it('writes a record and reads it back with every field', async () => {
    const environment = newEnvironment();
    const record = makeRecord('k1', {
      key3: 'three',
      service_key2: 's2',
      range_key10: 9_007_199_254_740_991,
      version: 4,
      is_encrypted: null,
      precommit_body: 'pre',
      expires_at: new Date('2999-01-02T03:04:05.678Z'),
    });
    const [written] = await store.write(environment, [{ record }]);
    const read = await store.read(environment, 'k1');
    expect(read).toEqual(written);
    expect(read).toEqual({
      ...record,
      created_at: expect.any(Date),
      updated_at: expect.any(Date),
      attachments: [],
    });
    expect(read?.created_at.getTime()).toBe(read?.updated_at.getTime());
    expect(Object.keys(read ?? {}).sort()).toEqual(
      [...Object.keys(record), 'created_at', 'updated_at', 'attachments'].sort(),
    );
  });

  it('keeps created_at and moves updated_at on when a write replaces a record', async () => {
    const environment = newEnvironment();
    const [first] = await store.write(environment, [{ record: makeRecord('k', { key1: 'a' }) }]);
    const [second] = await store.write(environment, [
      { record: makeRecord('k', { key2: 'b', body: 'new' }) },
    ]);
    expect(second?.created_at).toEqual(first?.created_at);
    expect(second?.updated_at.getTime()).toBeGreaterThan(first?.updated_at.getTime() ?? Infinity);
    expect(second).toMatchObject({ key1: null, key2: 'b', body: 'new' });
    expect(await store.read(environment, 'k')).toEqual(second);
  });

  it('returns a batch in the order written; a repeated key keeps its last write', async () => {
    const environment = newEnvironment();
    const stored = await store.write(environment, [
      { record: makeRecord('b') },
      { record: makeRecord('a', { key1: 'first' }) },
      { record: makeRecord('a', { key1: 'last' }) },
    ]);
    expect(stored.map((record) => [record.record_key, record.key1])).toEqual([
      ['b', null],
      ['a', 'last'],
      ['a', 'last'],
    ]);
    expect((await store.read(environment, 'a'))?.key1).toBe('last');
  });

  it('stores nothing of a batch when one precondition fails', async () => {
    const environment = newEnvironment();
    const [existing] = await store.write(environment, [
      { record: makeRecord('old', { key1: 'v1' }) },
    ]);
    const attempt = store.write(environment, [
      { record: makeRecord('new-1') },
      { record: makeRecord('old', { key1: 'v2' }), expectedUpdatedAt: null },
      { record: makeRecord('new-2'), expectedUpdatedAt: null },
    ]);
    await expect(attempt).rejects.toThrow(PreconditionFailedError);
    await expect(attempt).rejects.toMatchObject({ recordKeys: ['old'] });
    expect(await store.read(environment, 'new-1')).toBeNull();
    expect(await store.read(environment, 'new-2')).toBeNull();
    expect(await store.read(environment, 'old')).toEqual(existing);
  });

  it('writes conditionally on the updated_at a client read back', async () => {
    const environment = newEnvironment();
    const [created] = await store.write(environment, [
      { record: makeRecord('k', { key1: 'v1' }), expectedUpdatedAt: null },
    ]);
    // What a client does: the date travels as ISO text and is parsed back.
    const readBack = new Date((created?.updated_at ?? new Date()).toISOString());
    const [updated] = await store.write(environment, [
      { record: makeRecord('k', { key1: 'v2' }), expectedUpdatedAt: readBack },
    ]);
    expect(updated?.key1).toBe('v2');
    const stale = store.write(environment, [
      { record: makeRecord('k', { key1: 'v3' }), expectedUpdatedAt: readBack },
    ]);
    await expect(stale).rejects.toMatchObject({
      name: 'PreconditionFailedError',
      recordKeys: ['k'],
    });
    const missing = store.write(environment, [
      { record: makeRecord('absent'), expectedUpdatedAt: readBack },
    ]);
    await expect(missing).rejects.toMatchObject({ recordKeys: ['absent'] });
    expect((await store.read(environment, 'k'))?.key1).toBe('v2');
  });

  it('never names a record key in a precondition message', async () => {
    const environment = newEnvironment();
    await store.write(environment, [{ record: makeRecord('secret-key-123') }]);
    const error = await store
      .write(environment, [{ record: makeRecord('secret-key-123'), expectedUpdatedAt: null }])
      .catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(String((error as Error).message)).not.toContain('secret-key-123');
  });

  it('hides expired records from read and delete, and a write over one starts afresh', async () => {
    const environment = newEnvironment();
    await store.write(environment, [
      { record: makeRecord('expired', { expires_at: PAST }) },
      { record: makeRecord('live', { expires_at: FUTURE }) },
    ]);
    expect(await store.read(environment, 'expired')).toBeNull();
    expect(await store.read(environment, 'live')).not.toBeNull();
    // An expired record counts as missing for a "must not exist" precondition.
    const [renewed] = await store.write(environment, [
      { record: makeRecord('expired'), expectedUpdatedAt: null },
    ]);
    expect(renewed?.expires_at).toBeNull();
    expect(await store.read(environment, 'expired')).toEqual(renewed);
    await store.write(environment, [{ record: makeRecord('gone', { expires_at: PAST }) }]);
    expect(await store.delete(environment, 'gone')).toBe(false);
  });

  it('purges expired records of every environment and keeps the others', async () => {
    const [first, second] = [newEnvironment(), newEnvironment()];
    // Expiry dates no other test uses, so the purge count is exactly ours.
    const expiry = new Date('1990-01-01T00:00:00.000Z');
    await store.write(first, [
      { record: makeRecord('old', { expires_at: expiry }) },
      { record: makeRecord('kept', { expires_at: FUTURE }) },
    ]);
    await store.write(second, [{ record: makeRecord('old', { expires_at: expiry }) }]);
    expect(await store.purgeExpired(new Date('1989-12-31T23:59:59.999Z'))).toBe(0);
    expect(await store.purgeExpired(new Date('1990-01-01T00:00:00.000Z'))).toBe(2);
    expect(await store.read(first, 'kept')).not.toBeNull();
  });

  it('deletes one record or many, ignoring missing ones', async () => {
    const environment = newEnvironment();
    await store.write(
      environment,
      ['a', 'b', 'c', 'd'].map((key) => ({ record: makeRecord(key) })),
    );
    expect(await store.delete(environment, 'a')).toBe(true);
    expect(await store.delete(environment, 'a')).toBe(false);
    expect(await store.deleteMany(environment, ['b', 'c', 'missing', 'b'])).toBe(2);
    expect(await store.deleteMany(environment, [])).toBe(0);
    expect(await store.read(environment, 'b')).toBeNull();
    expect(await store.read(environment, 'd')).not.toBeNull();
  });

  it('keeps environments apart', async () => {
    const [mine, theirs] = [newEnvironment(), newEnvironment()];
    await store.write(mine, [{ record: makeRecord('shared-key', { key1: 'mine' }) }]);
    expect(await store.read(theirs, 'shared-key')).toBeNull();
    const found = await store.find(theirs, {
      where: { kind: 'eq', field: 'key1', value: 'mine' },
      sort: [],
      limit: 100,
      offset: 0,
    });
    expect(found).toEqual({ records: [], total: 0 });
    expect(await store.delete(theirs, 'shared-key')).toBe(false);
    expect(await store.deleteMany(theirs, ['shared-key'])).toBe(0);
    await store.write(theirs, [{ record: makeRecord('shared-key', { key1: 'theirs' }) }]);
    expect((await store.read(mine, 'shared-key'))?.key1).toBe('mine');
  });

  it(
    'keeps countries apart: two countries are two databases or schemas',
    async () => {
      const environment = newEnvironment();
      const other = await opened.stores.country(OTHER_COUNTRY);
      expect(other).not.toBe(store);
      expect(await opened.stores.country(COUNTRY)).toBe(store);
      await store.write(environment, [{ record: makeRecord('k', { key1: COUNTRY }) }]);
      expect(await other.read(environment, 'k')).toBeNull();
      await other.write(environment, [{ record: makeRecord('k', { key1: OTHER_COUNTRY }) }]);
      expect((await store.read(environment, 'k'))?.key1).toBe(COUNTRY);
      expect((await other.read(environment, 'k'))?.key1).toBe(OTHER_COUNTRY);
    },
    BACKEND_TIMEOUT_MS,
  );

  it('refuses a country it did not open, and a code that is not two lowercase letters', async () => {
    expect(opened.stores.countries).toEqual(TEST_COUNTRIES);
    await expect(opened.stores.country('us')).rejects.toThrow(UnknownCountryError);
    await expect(opened.stores.country('../de')).rejects.toThrow(UnknownCountryError);
    await expect(opened.stores.country('DE')).rejects.toThrow(UnknownCountryError);
  });
});
