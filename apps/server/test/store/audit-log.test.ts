// The audit log in the store: rows that go in with their change (same statement or
// transaction), rows that do not when the change does not happen, the buffered rows of reads,
// listing, the key cap and the retention purge, on every backend.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_KEY_CAP,
  type AuditEntry,
  type CountryStore,
  PreconditionFailedError,
} from '../../src/store/index.ts';
import { textBytes } from '../support/byte-streams.ts';
import { makeRecord, newEnvironment } from '../support/record-fixtures.ts';
import {
  BACKEND_TIMEOUT_MS,
  type OpenedBackend,
  STORE_BACKENDS,
  TEST_COUNTRIES,
  TEST_TIMEOUT_MS,
} from '../support/store-backends.ts';

const [COUNTRY] = TEST_COUNTRIES;

function hash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function entry(environment: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: new Date(),
    environment,
    clientId: 'client-1',
    action: 'write',
    country: COUNTRY,
    status: 200,
    requestId: `request-${Math.random()}`,
    keyHashes: [hash('k')],
    keyCount: 1,
    ...overrides,
  };
}

describe.each(STORE_BACKENDS)('audit log on $name', { timeout: TEST_TIMEOUT_MS }, (backend) => {
  let opened: OpenedBackend;
  let store: CountryStore;

  beforeAll(async () => {
    opened = await backend.open();
    store = await opened.stores.country(COUNTRY);
  }, BACKEND_TIMEOUT_MS);

  afterAll(() => opened?.close(), BACKEND_TIMEOUT_MS);

  const rowsOf = (environment: string) => store.listAudit({ environment, limit: 1000 });

  it('inserts a write’s row with it, every field kept', async () => {
    const environment = newEnvironment();
    const audit = entry(environment, { time: new Date('2026-01-02T03:04:05.678Z') });
    await store.write(environment, [{ record: makeRecord('k') }], audit);
    expect(await rowsOf(environment)).toEqual([audit]);
  });

  it('inserts no row when a conditional write fails, and stores nothing', async () => {
    const environment = newEnvironment();
    await store.write(environment, [{ record: makeRecord('k') }]);
    const attempt = store.write(
      environment,
      [{ record: makeRecord('k', { body: 'changed' }), expectedUpdatedAt: new Date(0) }],
      entry(environment),
    );
    await expect(attempt).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await store.read(environment, 'k'))?.body).toBe('body of k');
    expect(await rowsOf(environment)).toEqual([]);
  });

  it('inserts a conditional write’s row in its transaction when it holds', async () => {
    const environment = newEnvironment();
    const audit = entry(environment);
    await store.write(environment, [{ record: makeRecord('k'), expectedUpdatedAt: null }], audit);
    expect(await rowsOf(environment)).toEqual([audit]);
  });

  it('inserts a delete’s row only when a record was deleted', async () => {
    const environment = newEnvironment();
    expect(await store.delete(environment, 'k', entry(environment))).toBe(false);
    expect(await rowsOf(environment)).toEqual([]);
    await store.write(environment, [{ record: makeRecord('k') }]);
    const audit = entry(environment, { action: 'delete' });
    expect(await store.delete(environment, 'k', audit)).toBe(true);
    expect(await rowsOf(environment)).toEqual([audit]);
  });

  it('inserts a batch delete’s row even when nothing matched', async () => {
    const environment = newEnvironment();
    const audit = entry(environment, { action: 'batchDelete', keyCount: 2 });
    expect(await store.deleteMany(environment, ['a', 'b'], audit)).toBe(0);
    expect(await rowsOf(environment)).toEqual([audit]);
  });

  it('inserts attachment rows with their change, none for a miss', async () => {
    const environment = newEnvironment();
    await store.write(environment, [{ record: makeRecord('k') }]);
    const added = entry(environment, { action: 'attachment.add' });
    const upload = {
      filename: 'a.txt',
      mimeType: 'text/plain',
      data: textBytes('abc'),
      upsert: false,
      maxSize: 100,
    };
    const meta = await store.addAttachment(environment, 'k', upload, added);
    const renamed = entry(environment, { action: 'attachment.updateMeta' });
    await store.updateAttachmentMeta(environment, 'k', meta.file_id, { filename: 'b' }, renamed);
    const missing = entry(environment, { action: 'attachment.delete' });
    expect(await store.deleteAttachment(environment, 'k', 'no-such-file', missing)).toBe(false);
    const removed = entry(environment, { action: 'attachment.delete' });
    expect(await store.deleteAttachment(environment, 'k', meta.file_id, removed)).toBe(true);
    const rows = await rowsOf(environment);
    expect(rows.map((row) => row.requestId).sort()).toEqual(
      [added, renamed, removed].map((row) => row.requestId).sort(),
    );
  });

  it('writes queued rows on flush, lists newest first, filters by environment and time', async () => {
    const environment = newEnvironment();
    const times = [1, 2, 3].map((second) => new Date(`2026-03-01T00:00:0${second}.000Z`));
    for (const time of times) store.recordAudit(entry(environment, { time, action: 'read' }));
    store.recordAudit(entry(newEnvironment(), { time: times[2] as Date }));
    await store.flushAudit();
    const rows = await rowsOf(environment);
    expect(rows.map((row) => row.time)).toEqual([...times].reverse());
    const since = await store.listAudit({ environment, since: times[1], limit: 1000 });
    expect(since).toHaveLength(2);
    expect(await store.listAudit({ environment, limit: 1 })).toHaveLength(1);
  });

  it('keeps at most AUDIT_KEY_CAP key hashes and the full count', async () => {
    const environment = newEnvironment();
    const hashes = Array.from({ length: AUDIT_KEY_CAP + 50 }, (_, index) => hash(`k${index}`));
    store.recordAudit(entry(environment, { keyHashes: hashes, keyCount: hashes.length }));
    await store.flushAudit();
    const [row] = await rowsOf(environment);
    expect(row?.keyHashes).toEqual(hashes.slice(0, AUDIT_KEY_CAP));
    expect(row?.keyCount).toBe(AUDIT_KEY_CAP + 50);
  });

  it('purges rows older than the retention cut, keeps the rest', async () => {
    const environment = newEnvironment();
    const old = entry(environment, { time: new Date('2001-01-01T00:00:00.000Z') });
    const recent = entry(environment);
    store.recordAudit(old);
    store.recordAudit(recent);
    await store.flushAudit();
    expect(await store.purgeAudit(new Date('2002-01-01T00:00:00.000Z'))).toBeGreaterThanOrEqual(1);
    expect(await rowsOf(environment)).toEqual([recent]);
  });
});
