// The queue of audit rows that need no transaction: written without a flush once a batch fills
// or its delay passes, kept while the database refuses them (up to a bound), and flushed when
// the stores close.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuditBuffer } from '../../src/store/audit-buffer.ts';
import { listAudit } from '../../src/store/audit-sql.ts';
import { type AuditEntry, createPgliteStores } from '../../src/store/index.ts';
import type { SqlClient, SqlQueryable } from '../../src/store/sql-client.ts';
import { newEnvironment } from '../support/record-fixtures.ts';
import { SQL_CLIENT_KINDS } from '../support/sql-clients.ts';
import { BACKEND_TIMEOUT_MS } from '../support/store-backends.ts';

const PGLITE = SQL_CLIENT_KINDS[0] as (typeof SQL_CLIENT_KINDS)[number];

function entry(environment: string, requestId = `request-${Math.random()}`): AuditEntry {
  return {
    time: new Date(),
    environment,
    clientId: 'client-1',
    action: 'read',
    country: 'de',
    status: 200,
    requestId,
    keyHashes: [],
    keyCount: 0,
  };
}

describe('createAuditBuffer', () => {
  let client: SqlClient;
  beforeAll(async () => {
    client = await PGLITE.open();
  }, BACKEND_TIMEOUT_MS);
  afterAll(() => client?.close());

  const rowsOf = (environment: string) => listAudit(client, { environment, limit: 1000 });

  it('writes a full batch without being flushed', async () => {
    const environment = newEnvironment();
    const buffer = createAuditBuffer(client, { batchSize: 3, flushMs: 3_600_000 });
    for (let index = 0; index < 3; index++) buffer.add(entry(environment));
    await vi.waitFor(async () => expect(await rowsOf(environment)).toHaveLength(3));
  });

  it('writes a lone row once its delay has passed', async () => {
    const environment = newEnvironment();
    const buffer = createAuditBuffer(client, { batchSize: 100, flushMs: 5 });
    buffer.add(entry(environment));
    await vi.waitFor(async () => expect(await rowsOf(environment)).toHaveLength(1));
  });

  it('keeps refused rows up to its bound, counts the dropped, and writes the rest later', async () => {
    const environment = newEnvironment();
    let refuse = true;
    const flaky: SqlQueryable = {
      query: <Row>(text: string, params?: readonly unknown[]) =>
        refuse ? Promise.reject(new Error('database down')) : client.query<Row>(text, params),
    };
    const buffer = createAuditBuffer(flaky, { batchSize: 100, flushMs: 3_600_000, maxPending: 2 });
    for (const id of ['a', 'b', 'c']) buffer.add(entry(environment, id));
    await expect(buffer.flush()).rejects.toThrow('database down');
    expect(buffer.dropped).toBe(1);
    refuse = false;
    await buffer.flush();
    const kept = (await rowsOf(environment)).map((row) => row.requestId).sort();
    expect(kept).toEqual(['b', 'c']);
  });
});

describe('closing the stores', () => {
  it(
    'writes the queued rows before the databases close',
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'residency-audit-close-'));
      try {
        const environment = newEnvironment();
        const first = await createPgliteStores({ dataDir, countries: ['de'] });
        (await first.country('de')).recordAudit(entry(environment, 'queued'));
        await first.close();
        const second = await createPgliteStores({ dataDir, countries: ['de'] });
        const rows = await (await second.country('de')).listAudit({ environment, limit: 10 });
        await second.close();
        expect(rows.map((row) => row.requestId)).toEqual(['queued']);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    BACKEND_TIMEOUT_MS,
  );
});
