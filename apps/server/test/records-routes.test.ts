import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { DEFAULT_COUNTRIES } from '../src/config/countries.ts';
import { createSilentLogger } from '../src/logger.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';
import { expectFullRecord, hashedKey, type WireRecord } from './support/records.ts';
import { expectErrors } from './support/responses.ts';

let harness: AppHarness;
beforeAll(async () => {
  harness = await startHarness();
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());

const US = '/v2/storage/records/us';

async function json(response: Response): Promise<WireRecord> {
  expect(response.status).toBe(200);
  return (await response.json()) as WireRecord;
}

describe('write, read, delete', () => {
  it('stores a Node-style record (explicit nulls, Z dates) and answers the full read shape', async () => {
    const key = hashedKey('node-1');
    const sent = {
      record_key: key,
      body: '2:abc',
      profile_key: null,
      key1: 'k1',
      range_key1: 7,
      version: 3,
      is_encrypted: true,
      expires_at: '2999-01-01T00:00:00.000Z',
    };
    const written = await json(await harness.send(harness.clientA, 'POST', US, sent));
    expectFullRecord(written);
    expect(written).toMatchObject({
      ...sent,
      expires_at: '2999-01-01T00:00:00.000+00:00',
      precommit_body: null,
      key2: null,
      attachments: [],
    });
    const read = await json(await harness.send(harness.clientA, 'GET', `${US}/${key}`));
    expect(read).toEqual(written);
  });

  it('stores a Python-style record (", " separators, \\u escapes, microseconds +00:00)', async () => {
    const key = hashedKey('python-1');
    const body = `{"record_key": "${key}", "body": "2:\\u00e4", "version": 0, "is_encrypted": false, "expires_at": "2999-08-11T12:36:52.607534+00:00"}`;
    const written = await json(await harness.send(harness.clientA, 'POST', `${US}/`, body));
    expectFullRecord(written);
    expect(written).toMatchObject({
      body: '2:ä',
      version: 0,
      is_encrypted: false,
      expires_at: '2999-08-11T12:36:52.607+00:00',
    });
  });

  it('keeps created_at on overwrite and replaces every field', async () => {
    const key = hashedKey('overwrite');
    const first = await json(
      await harness.send(harness.clientA, 'POST', US, { record_key: key, body: 'one', key2: 'x' }),
    );
    const second = await json(
      await harness.send(harness.clientA, 'POST', US, { record_key: key, body: 'two' }),
    );
    expect(second.created_at).toBe(first.created_at);
    expect(Date.parse(second.updated_at)).toBeGreaterThanOrEqual(Date.parse(first.updated_at));
    expect(second).toMatchObject({ body: 'two', key2: null, version: 0, is_encrypted: null });
  });

  it('deletes with 200 {} and answers 404 for missing records, without echoing the key', async () => {
    const key = hashedKey('to-delete');
    await json(await harness.send(harness.clientA, 'POST', US, { record_key: key, body: 'x' }));
    const deleted = await harness.send(harness.clientA, 'DELETE', `${US}/${key}`);
    expect([deleted.status, await deleted.json()]).toEqual([200, {}]);
    for (const method of ['GET', 'DELETE']) {
      const response = await harness.send(harness.clientA, method, `${US}/${key}`);
      expect(await response.clone().text()).not.toContain(key);
      const [entry] = await expectErrors(response, 404);
      expect(entry).toMatchObject({ title: 'Not Found', source: 'record_key' });
    }
  });

  it.each([
    [{ body: 'no key' }, 'record_key'],
    [{ record_key: '' }, 'record_key'],
    [{ record_key: 'k', range_key1: 1.5 }, 'range_key1'],
    [{ record_key: 'k', key1: 'x'.repeat(257) }, 'key1'],
    [{ record_key: 'x'.repeat(257) }, 'record_key'],
    [{ record_key: 'k', expires_at: '2021-01-01' }, 'expires_at'],
    [{ record_key: 'k', expires_at: '9999-12-31T23:30:00-01:00' }, 'expires_at'],
    [{ record_key: 'k', version: -1 }, 'version'],
    [{ record_key: 'k', is_encrypted: 'yes' }, 'is_encrypted'],
    [{ record_key: 'sse:reserved' }, 'record_key'],
    [['not', 'an', 'object'], 'body'],
  ])('refuses %j with 400 naming %s, never the value', async (record, source) => {
    const response = await harness.send(harness.clientA, 'POST', US, record);
    const text = await response.clone().text();
    expect(text).not.toContain('x'.repeat(257));
    expect(text).not.toContain('no key');
    const entries = await expectErrors(response, 400);
    expect(entries.map((entry) => entry.source)).toContain(source);
  });

  it('refuses a record key past 256 characters in a path and a batch delete, never echoed', async () => {
    const long = 'y'.repeat(257);
    const read = await harness.send(harness.clientA, 'GET', `${US}/${long}`);
    expect(await read.clone().text()).not.toContain(long);
    const readErrors = await expectErrors(read, 400);
    expect(readErrors[0]).toMatchObject({
      source: 'record_key',
      detail: 'must be at most 256 characters',
    });
    const deleted = await harness.send(harness.clientA, 'POST', `${US}/batchDelete`, {
      filter: { record_key: [hashedKey('fine'), long] },
    });
    const deleteErrors = await expectErrors(deleted, 400);
    expect(deleteErrors.map((entry) => entry.source)).toContain('filter.record_key[1]');
  });

  it('refuses bad JSON with 400', async () => {
    for (const body of ['{"record_key": "secret-key', '', 'null']) {
      const response = await harness.send(harness.clientA, 'POST', US, body);
      expect(await response.clone().text()).not.toContain('secret-key');
      await expectErrors(response, 400);
    }
  });
});

describe('batches', () => {
  it('writes 1..100 records and echoes them in order', async () => {
    const records = [hashedKey('batch-1'), hashedKey('batch-2')].map((record_key, index) => ({
      record_key,
      body: `b${index}`,
    }));
    const response = await harness.send(harness.clientA, 'POST', `${US}/batchWrite`, { records });
    const body = (await response.json()) as { records: WireRecord[] };
    expect(Object.keys(body)).toEqual(['records']);
    expect(body.records.map((record) => record.record_key)).toEqual(
      records.map((record) => record.record_key),
    );
    for (const record of body.records) expectFullRecord(record);
  });

  it('is all or nothing: one invalid record stores nothing', async () => {
    const good = hashedKey('atomic-good');
    const records = [
      { record_key: good, body: 'fine' },
      { record_key: hashedKey('atomic-bad'), range_key1: 'x' },
    ];
    const [entry] = await expectErrors(
      await harness.send(harness.clientA, 'POST', `${US}/batchWrite`, { records }),
      400,
    );
    expect(entry?.source).toBe('records[1].range_key1');
    await expectErrors(await harness.send(harness.clientA, 'GET', `${US}/${good}`), 404);
  });

  it('refuses an expires_at not later than now, naming it, single and batched', async () => {
    const key = hashedKey('expired-at-birth');
    const past = new Date(Date.now() - 60_000).toISOString();
    const [single] = await expectErrors(
      await harness.send(harness.clientA, 'POST', US, { record_key: key, expires_at: past }),
      400,
    );
    expect(single).toMatchObject({ source: 'expires_at', detail: 'must be later than now' });
    const records = [
      { record_key: hashedKey('expiry-batch-good'), expires_at: null },
      { record_key: key, expires_at: past },
    ];
    const [batched] = await expectErrors(
      await harness.send(harness.clientA, 'POST', `${US}/batchWrite`, { records }),
      400,
    );
    expect(batched?.source).toBe('records[1].expires_at');
    await expectErrors(await harness.send(harness.clientA, 'GET', `${US}/${key}`), 404);
    await expectErrors(
      await harness.send(harness.clientA, 'GET', `${US}/${hashedKey('expiry-batch-good')}`),
      404,
    );
  });

  it('refuses empty and oversized batches', async () => {
    const many = Array.from({ length: 101 }, (_, index) => ({ record_key: `k${index}` }));
    for (const records of [[], many, 'x']) {
      const [entry] = await expectErrors(
        await harness.send(harness.clientA, 'POST', `${US}/batchWrite`, { records }),
        400,
      );
      expect(entry?.source).toBe('records');
    }
  });

  it('deletes listed records with 200 {}, ignoring missing ones', async () => {
    const keys = [hashedKey('bd-1'), hashedKey('bd-2')];
    await harness.send(harness.clientA, 'POST', `${US}/batchWrite`, {
      records: keys.map((record_key) => ({ record_key })),
    });
    const response = await harness.send(harness.clientA, 'POST', `${US}/batchDelete`, {
      filter: { record_key: [...keys, hashedKey('never')] },
    });
    expect([response.status, await response.json()]).toEqual([200, {}]);
    await expectErrors(await harness.send(harness.clientA, 'GET', `${US}/${keys[0]}`), 404);
    for (const filter of [{ record_key: [] }, { record_key: [''] }, {}]) {
      await expectErrors(
        await harness.send(harness.clientA, 'POST', `${US}/batchDelete`, { filter }),
        400,
      );
    }
  });
});

describe('conditional writes (expected_updated_at)', () => {
  it('writes when the precondition holds, answers 412 and stores nothing when not', async () => {
    const key = hashedKey('conditional');
    const created = await json(
      await harness.send(harness.clientA, 'POST', US, {
        record_key: key,
        body: 'v1',
        expected_updated_at: null,
      }),
    );
    const updated = await json(
      await harness.send(harness.clientA, 'POST', US, {
        record_key: key,
        body: 'v2',
        expected_updated_at: created.updated_at,
      }),
    );
    expect(updated.body).toBe('v2');
    for (const expected of [
      created.updated_at === updated.updated_at ? '2000-01-01T00:00:00.000Z' : created.updated_at,
      null,
    ]) {
      const response = await harness.send(harness.clientA, 'POST', US, {
        record_key: key,
        body: 'v3',
        expected_updated_at: expected,
      });
      const [entry] = await expectErrors(response, 412);
      expect(entry).toMatchObject({ title: 'Precondition Failed', source: 'expected_updated_at' });
    }
    expect((await json(await harness.send(harness.clientA, 'GET', `${US}/${key}`))).body).toBe(
      'v2',
    );
  });

  it('fails a whole batch on one stale record, naming it', async () => {
    const [first, second] = [hashedKey('cond-a'), hashedKey('cond-b')];
    const written = await harness.send(harness.clientA, 'POST', `${US}/batchWrite`, {
      records: [
        { record_key: first, body: 'a' },
        { record_key: second, body: 'b' },
      ],
    });
    const [a] = ((await written.json()) as { records: WireRecord[] }).records as WireRecord[];
    const records = [
      { record_key: first, body: 'a2', expected_updated_at: a?.updated_at },
      { record_key: second, body: 'b2', expected_updated_at: '1999-01-01T00:00:00+00:00' },
    ];
    const entries = await expectErrors(
      await harness.send(harness.clientA, 'POST', `${US}/batchWrite`, { records }),
      412,
    );
    expect(entries.map((entry) => entry.source)).toEqual(['records[1].expected_updated_at']);
    expect((await json(await harness.send(harness.clientA, 'GET', `${US}/${first}`))).body).toBe(
      'a',
    );
  });

  it('refuses a malformed expected_updated_at with 400', async () => {
    for (const expected of ['yesterday', 5, '2021-01-01T00:00:00']) {
      const response = await harness.send(harness.clientA, 'POST', `${US}/batchWrite`, {
        records: [{ record_key: 'k', expected_updated_at: expected }],
      });
      const [entry] = await expectErrors(response, 400);
      expect(entry?.source).toBe('records[0].expected_updated_at');
    }
  });
});

describe('isolation and limits', () => {
  it('keeps environments and countries apart', async () => {
    const key = hashedKey('isolated');
    await json(
      await harness.send(harness.clientA, 'POST', US, { record_key: key, body: 'env-a, us' }),
    );
    await expectErrors(await harness.send(harness.clientB, 'GET', `${US}/${key}`), 404);
    await expectErrors(
      await harness.send(harness.clientA, 'GET', `/v2/storage/records/de/${key}`),
      404,
    );
    const found = await harness.send(harness.clientB, 'POST', `${US}/find`, {
      filter: { record_key: key },
    });
    expect(((await found.json()) as { meta: { total: number } }).meta.total).toBe(0);
    await expectErrors(await harness.send(harness.clientB, 'DELETE', `${US}/${key}`), 404);
    expect((await json(await harness.send(harness.clientA, 'GET', `${US}/${key}`))).body).toBe(
      'env-a, us',
    );
  });

  it('refuses JSON bodies over the limit with 413, declared or streamed', async () => {
    const small = createApp({
      ...harness,
      countries: DEFAULT_COUNTRIES,
      maxJsonBodySize: 1024,
      logger: createSilentLogger(),
    });
    const headers = await harness.headers(harness.clientA);
    const big = JSON.stringify({ record_key: 'k', body: 'x'.repeat(2000) });
    const declared = await small.request(US, { method: 'POST', headers, body: big });
    const [entry] = await expectErrors(declared, 413);
    expect(entry).toMatchObject({ title: 'Payload Too Large', source: 'body' });
    const stream = new ReadableStream({
      start(controller) {
        for (let index = 0; index < 4; index++)
          controller.enqueue(new TextEncoder().encode(big.slice(index * 500, (index + 1) * 500)));
        controller.close();
      },
    });
    const chunked = await small.request(US, {
      method: 'POST',
      headers: { ...headers, 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectErrors(chunked, 413);
  });
});
