// The audit rows of requests through the app, in-process on real PGlite: what each request
// leaves in its country's log, what a failure leaves, what leaves nothing, the switch, and the
// operator route that lists the rows.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { DEFAULT_COUNTRIES } from '../src/config/countries.ts';
import { createSilentLogger } from '../src/logger.ts';
import type { AuditEntry } from '../src/store/index.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';
import { hashedKey } from './support/records.ts';

const OPERATOR_CREDENTIAL = 'operator-credential-of-the-test-0123456789';
const US = '/v2/storage/records/us';

let harness: AppHarness;
beforeAll(async () => {
  harness = await startHarness({ operatorCredential: OPERATOR_CREDENTIAL });
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The rows of a request, once the queued ones are in. */
async function rowsOf(response: Response, country = 'us'): Promise<AuditEntry[]> {
  const requestId = response.headers.get('x-inc-corr-id-resp');
  const store = await harness.stores.country(country);
  await store.flushAudit();
  const rows = await store.listAudit({ limit: 10_000 });
  return rows.filter((row) => row.requestId === requestId);
}

async function write(key: string, extra: Record<string, unknown> = {}): Promise<Response> {
  return harness.send(harness.clientA, 'POST', US, { record_key: key, body: 'b', ...extra });
}

describe('audit rows of records requests', () => {
  it('writes one row with the change: client, environment, action, status, hashed key', async () => {
    const key = hashedKey('audited-write');
    const response = await write(key);
    expect(response.status).toBe(200);
    const store = await harness.stores.country('us');
    // In the log at once: it was inserted with the record, not queued.
    const rows = (await store.listAudit({ limit: 10_000 })).filter(
      (row) => row.requestId === response.headers.get('x-inc-corr-id-resp'),
    );
    expect(rows).toEqual([
      {
        time: expect.any(Date),
        environment: harness.clientA.environmentId,
        clientId: harness.clientA.clientId,
        action: 'write',
        country: 'us',
        status: 200,
        requestId: response.headers.get('x-inc-corr-id-resp'),
        keyHashes: [sha256(key)],
        keyCount: 1,
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('leaves a 412 row (from the queue) and no change for a failed precondition', async () => {
    const key = hashedKey('audited-412');
    await write(key);
    const response = await write(key, { body: 'changed', expected_updated_at: null });
    expect(response.status).toBe(412);
    const read = await harness.send(harness.clientA, 'GET', `${US}/${key}`);
    expect(((await read.json()) as { body: string }).body).toBe('b');
    const rows = await rowsOf(response);
    expect(rows.map(({ action, status, keyHashes }) => ({ action, status, keyHashes }))).toEqual([
      { action: 'write', status: 412, keyHashes: [sha256(key)] },
    ]);
  });

  it('leaves rows for reads, misses, finds, bad filters and batch deletes', async () => {
    const key = hashedKey('audited-read');
    await write(key);
    const cases: [Response, string, number, number][] = [
      [await harness.send(harness.clientA, 'GET', `${US}/${key}`), 'read', 200, 1],
      [await harness.send(harness.clientA, 'GET', `${US}/${hashedKey('none')}`), 'read', 404, 1],
      [
        await harness.send(harness.clientA, 'POST', `${US}/find`, { filter: { record_key: key } }),
        'find',
        200,
        1,
      ],
      [
        await harness.send(harness.clientA, 'POST', `${US}/find`, { filter: { nope: 1 } }),
        'find',
        400,
        0,
      ],
      [
        await harness.send(harness.clientA, 'POST', `${US}/batchDelete`, {
          filter: { record_key: [key, hashedKey('other')] },
        }),
        'batchDelete',
        200,
        2,
      ],
      [await harness.send(harness.clientA, 'DELETE', `${US}/${key}`), 'delete', 404, 1],
    ];
    for (const [response, action, status, keyCount] of cases) {
      expect(response.status).toBe(status);
      const rows = await rowsOf(response);
      expect(rows.map((row) => [row.action, row.status, row.keyCount])).toEqual([
        [action, status, keyCount],
      ]);
    }
  });

  it('keeps each row in the country of the request', async () => {
    const key = hashedKey('audited-de');
    const response = await harness.send(harness.clientA, 'POST', '/v2/storage/records/de', {
      record_key: key,
      body: 'b',
    });
    expect(await rowsOf(response, 'de')).toHaveLength(1);
    expect(await rowsOf(response, 'us')).toEqual([]);
  });

  it('leaves an attachment row with the upload', async () => {
    const key = hashedKey('audited-file');
    await write(key);
    const { 'content-type': _json, ...headers } = await harness.headers(harness.clientA);
    const body = new FormData();
    body.append('file', new Blob(['abc']), 'a.txt');
    const response = await harness.app.request(`${US}/${key}/attachments`, {
      method: 'POST',
      headers,
      body,
    });
    expect(response.status).toBe(200);
    const rows = await rowsOf(response);
    expect(rows.map((row) => [row.action, row.status, row.keyHashes])).toEqual([
      ['attachment.add', 200, [sha256(key)]],
    ]);
  });

  it('leaves rows for a download and a metadata read, queued', async () => {
    const key = hashedKey('audited-download');
    await write(key);
    const { 'content-type': _json, ...headers } = await harness.headers(harness.clientA);
    const body = new FormData();
    body.append('file', new Blob(['abc']), 'a.txt');
    const added = await harness.app.request(`${US}/${key}/attachments`, {
      method: 'POST',
      headers,
      body,
    });
    const { file_id: fileId } = (await added.json()) as { file_id: string };
    const download = await harness.app.request(`${US}/${key}/attachments/${fileId}`, { headers });
    expect(await download.text()).toBe('abc');
    const meta = await harness.app.request(`${US}/${key}/attachments/${fileId}/meta`, { headers });
    const missing = await harness.app.request(`${US}/${key}/attachments/none/meta`, { headers });
    for (const [response, action, status] of [
      [download, 'attachment.download', 200],
      [meta, 'attachment.readMeta', 200],
      [missing, 'attachment.readMeta', 404],
    ] as const) {
      const rows = await rowsOf(response);
      expect(rows.map((row) => [row.action, row.status, row.keyHashes])).toEqual([
        [action, status, [sha256(key)]],
      ]);
    }
  });

  it('never keeps a raw record key of an SSE request, only a hash of the stored one', async () => {
    const rawKey = 'customer-4711-raw-key';
    const response = await harness.send(
      harness.clientA,
      'POST',
      US,
      { record_key: rawKey, body: 'plain body' },
      { 'x-encrypted-storage': 'true' },
    );
    expect(response.status).toBe(200);
    const rows = await rowsOf(response);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(rawKey);
    expect(rows[0]?.keyHashes).not.toEqual([sha256(rawKey)]);
    expect(rows[0]?.keyHashes[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves no row for requests refused before the country is known', async () => {
    const before = await (await harness.stores.country('us')).listAudit({ limit: 10_000 });
    const unauthorized = await harness.app.request(`${US}/${hashedKey('x')}`);
    expect(unauthorized.status).toBe(401);
    const unserved = await harness.send(harness.clientA, 'GET', `/v2/storage/records/zz/x`);
    expect(unserved.status).toBe(404);
    expect(await rowsOf(unauthorized)).toEqual([]);
    const after = await (await harness.stores.country('us')).listAudit({ limit: 10_000 });
    expect(after).toHaveLength(before.length);
  });

  it('leaves no row when auditing is off', async () => {
    const app = createApp({
      stores: harness.stores,
      environments: harness.environments,
      keys: harness.keys,
      countries: DEFAULT_COUNTRIES,
      logger: createSilentLogger(),
      audit: false,
    });
    const response = await app.request(US, {
      method: 'POST',
      headers: await harness.headers(harness.clientA),
      body: JSON.stringify({ record_key: hashedKey('unaudited'), body: 'b' }),
    });
    expect(response.status).toBe(200);
    expect(await rowsOf(response)).toEqual([]);
  });
});

describe('GET /operator/audit', () => {
  const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

  it('lists a country’s rows newest first, filtered, for the operator credential', async () => {
    const key = hashedKey('listed');
    await write(key);
    const read = await harness.send(harness.clientA, 'GET', `${US}/${key}`);
    const environment = harness.clientA.environmentId;
    const response = await harness.app.request(
      `/operator/audit?country=US&environment=${environment}&limit=1000`,
      { headers: bearer(OPERATOR_CREDENTIAL) },
    );
    expect(response.status).toBe(200);
    const { rows } = (await response.json()) as { rows: Record<string, unknown>[] };
    const times = rows.map((row) => Date.parse(row.time as string));
    expect(times).toEqual([...times].sort((left, right) => right - left));
    // The read's row was still queued: the route flushes before it lists.
    expect(rows).toContainEqual({
      time: expect.any(String),
      action: 'read',
      status: 200,
      client_id: harness.clientA.clientId,
      request_id: read.headers.get('x-inc-corr-id-resp'),
      environment,
      country: 'us',
      key_hashes: [sha256(key)],
      key_count: 1,
    });
    expect(rows.every((row) => row.environment === environment)).toBe(true);
    const limited = await harness.app.request('/operator/audit?country=us&limit=1', {
      headers: bearer(OPERATOR_CREDENTIAL),
    });
    expect(((await limited.json()) as { rows: unknown[] }).rows).toHaveLength(1);
  });

  it('refuses a missing or wrong credential, and an environment token', async () => {
    for (const headers of [
      {},
      bearer('wrong'),
      bearer(`${OPERATOR_CREDENTIAL}x`),
      { authorization: `Bearer ${await harness.token(harness.clientA)}` },
    ]) {
      const response = await harness.app.request('/operator/audit?country=us', { headers });
      expect(response.status).toBe(401);
    }
  });

  it('answers 400 for a bad filter and 404 for a country not served', async () => {
    for (const query of ['', 'country=usa', 'country=us&since=yesterday', 'country=us&limit=0']) {
      const response = await harness.app.request(`/operator/audit?${query}`, {
        headers: bearer(OPERATOR_CREDENTIAL),
      });
      expect(response.status).toBe(400);
    }
    const unserved = await harness.app.request('/operator/audit?country=zz', {
      headers: bearer(OPERATOR_CREDENTIAL),
    });
    expect(unserved.status).toBe(404);
  });

  it('does not exist without an operator credential', async () => {
    const app = createApp({
      stores: harness.stores,
      environments: harness.environments,
      keys: harness.keys,
      countries: DEFAULT_COUNTRIES,
      logger: createSilentLogger(),
    });
    const response = await app.request('/operator/audit?country=us');
    expect(response.status).toBe(404);
  });
});
