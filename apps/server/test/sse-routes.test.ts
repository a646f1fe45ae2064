import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseCodec } from '../src/sse/sse-codec.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';
import { expectFullRecord, type WireRecord } from './support/records.ts';
import { expectErrors } from './support/responses.ts';

let harness: AppHarness;
beforeAll(async () => {
  harness = await startHarness();
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());

const US = '/v2/storage/records/us';
const SSE = { 'x-encrypted-storage': 'true' };

function sse(
  client: AppHarness['clientA'],
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return harness.send(client, method, path, body, SSE);
}

async function json<T = WireRecord>(response: Response): Promise<T> {
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('server-side encryption', () => {
  const raw = {
    record_key: 'user 1 ä%',
    body: '{"name":"Ada"}',
    precommit_body: 'draft',
    profile_key: 'profile-7',
    key1: 'Berlin',
    range_key1: 4,
  };

  it('answers SSE clients in plaintext and keeps only hashes and ciphertext at rest', async () => {
    const written = await json(await sse(harness.clientA, 'POST', US, raw));
    expectFullRecord(written);
    expect(written).toMatchObject(raw);
    const read = await json(
      await sse(harness.clientA, 'GET', `${US}/${encodeURIComponent(raw.record_key)}`),
    );
    expect(read).toEqual(written);
    const codec = new SseCodec(harness.keys.sseMasterKey, 'env-a', false);
    const stored = await (await harness.stores.country('us')).read(
      'env-a',
      codec.hash(raw.record_key),
    );
    expect(stored).toMatchObject({
      record_key: codec.hash(raw.record_key),
      key1: codec.hash('Berlin'),
      precommit_body: null,
      range_key1: 4,
    });
    expect(stored?.body).toMatch(/^sse1:/);
    expect(JSON.stringify(stored)).not.toMatch(/Ada|Berlin|profile-7|draft|user 1/);
  });

  it('never mixes SSE keys with client-hashed keys of the same text', async () => {
    await json(
      await harness.send(harness.clientA, 'POST', US, {
        record_key: 'same-text',
        body: 'plain mode',
      }),
    );
    await json(
      await sse(harness.clientA, 'POST', US, { record_key: 'same-text', body: 'sse mode' }),
    );
    expect((await json(await harness.send(harness.clientA, 'GET', `${US}/same-text`))).body).toBe(
      'plain mode',
    );
    expect((await json(await sse(harness.clientA, 'GET', `${US}/same-text`))).body).toBe(
      'sse mode',
    );
  });

  it('finds by equality, lists, nulls and $not on hashed fields', async () => {
    await json(
      await sse(harness.clientA, 'POST', `${US}/batchWrite`, {
        records: [
          { record_key: 'f1', key2: 'red', profile_key: 'p' },
          { record_key: 'f2', key2: 'blue' },
        ],
      }),
    );
    const keysOf = async (filter: unknown): Promise<string[]> => {
      const answer = await json<{ data: WireRecord[] }>(
        await sse(harness.clientA, 'POST', `${US}/find`, {
          filter,
          options: { limit: 100, offset: 0 },
        }),
      );
      return answer.data.map((record) => record.record_key).sort();
    };
    expect(await keysOf({ key2: 'red' })).toEqual(['f1']);
    expect(await keysOf({ key2: ['red', 'blue'] })).toEqual(['f1', 'f2']);
    expect(await keysOf({ record_key: 'f2' })).toEqual(['f2']);
    expect(await keysOf({ key2: { $not: 'red' }, record_key: ['f1', 'f2'] })).toEqual(['f2']);
    expect(await keysOf({ profile_key: null, key2: { $not: null } })).toEqual(['f2']);
  });

  it('refuses $like, search_keys and sorting on search keys unless the environment stores them plain', async () => {
    const bodies = [
      { filter: { key1: { $like: 'erl' } } },
      { filter: { search_keys: 'erl' } },
      { filter: {}, options: { sort: [{ key1: 'asc' }] } },
    ];
    for (const body of bodies) {
      const [entry] = await expectErrors(
        await sse(harness.clientA, 'POST', `${US}/find`, body),
        400,
      );
      expect(entry?.detail).toContain('plain search keys');
    }
  });

  it('searches plain search keys in environments that allow them', async () => {
    await json(
      await sse(harness.clientB, 'POST', US, { record_key: 'b1', key1: 'Berlin', body: 'b' }),
    );
    await json(
      await sse(harness.clientB, 'POST', US, { record_key: 'b2', key1: 'Bern', body: 'b' }),
    );
    const find = async (body: unknown): Promise<string[]> =>
      (
        await json<{ data: WireRecord[] }>(await sse(harness.clientB, 'POST', `${US}/find`, body))
      ).data.map((record) => record.record_key);
    expect(await find({ filter: { key1: { $like: 'erli' } } })).toEqual(['b1']);
    expect(
      await find({ filter: { search_keys: 'Ber' }, options: { sort: [{ key1: 'desc' }] } }),
    ).toEqual(['b2', 'b1']);
    expect(await find({ filter: { key1: 'Bern' } })).toEqual(['b2']);
  });

  it('deletes by raw key, one or many', async () => {
    await json(
      await sse(harness.clientA, 'POST', `${US}/batchWrite`, {
        records: [{ record_key: 'd1' }, { record_key: 'd2' }, { record_key: 'd3' }],
      }),
    );
    expect(await json(await sse(harness.clientA, 'DELETE', `${US}/d1`))).toEqual({});
    expect(
      await json(
        await sse(harness.clientA, 'POST', `${US}/batchDelete`, {
          filter: { record_key: ['d2', 'd3'] },
        }),
      ),
    ).toEqual({});
    for (const key of ['d1', 'd2', 'd3'])
      await expectErrors(await sse(harness.clientA, 'GET', `${US}/${key}`), 404);
  });

  it('applies the SSE limits to keys, never quoting them', async () => {
    const cases: [unknown, string][] = [
      [{ record_key: 'has/slash' }, 'record_key'],
      [{ record_key: 'k'.repeat(129) }, 'record_key'],
      [{ record_key: 'ok', parent_key: 'p'.repeat(129) }, 'parent_key'],
    ];
    for (const [record, source] of cases) {
      const response = await sse(harness.clientA, 'POST', US, record);
      expect(await response.clone().text()).not.toMatch(/has\/slash|kkkk|pppp/);
      const [entry] = await expectErrors(response, 400);
      expect(entry?.source).toBe(source);
    }
    const [batch] = await expectErrors(
      await sse(harness.clientA, 'POST', `${US}/batchWrite`, {
        records: [{ record_key: 'ok' }, { record_key: 'a#b' }],
      }),
      400,
    );
    expect(batch?.source).toBe('records[1].record_key');
  });
});
