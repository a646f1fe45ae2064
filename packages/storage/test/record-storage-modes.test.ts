// RecordStorage in SSE mode (raw keys URL-encoded in paths, nothing hashed or encrypted,
// `X-Encrypted-Storage: true` on every request) and OFF mode (`pt:` bodies, keys hashed).
import { hashKey } from '@residency/crypto';
import { InputValidationError } from '@residency/errors';
import { createRecordingHandler, type RecordingHandler } from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from './support/codecs.ts';
import {
  anyRequest,
  createHarness,
  echoed,
  HOST,
  popHandler,
  recordsPath,
  stored,
  tokens,
} from './support/storage-harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('SSE mode', () => {
  const KEY = 'user 1+é';
  const record = { recordKey: KEY, body: 'plain body', key1: 'Berlin', profileKey: 'P' };

  it('sends every request with X-Encrypted-Storage and nothing hashed or encrypted', async () => {
    const { storage } = createHarness({ encryption: 'SSE' });
    const serverRecord = { ...echoed({ record_key: KEY, body: 'plain body', key1: 'Berlin' }) };
    const findAnswer = () =>
      Response.json({ meta: { count: 1, limit: 100, offset: 0, total: 1 }, data: [serverRecord] });
    const handlers: RecordingHandler[] = [
      popHandler('POST', 'us', '', ({ call }) => Response.json(echoed(call.body))),
      popHandler('GET', 'us', '/:key', () => Response.json(serverRecord)),
      popHandler('DELETE', 'us', '/:key', () => Response.json({})),
      popHandler('POST', 'us', '/find', findAnswer),
      popHandler('POST', 'us', '/batchDelete', () => Response.json({})),
      createRecordingHandler('GET', `${HOST}/healthcheck`, () => new Response('OK')),
    ];
    server.use(tokens().handler, ...handlers.map((handler) => handler.handler));
    const [write, read, remove, find, batchDelete, health] = handlers;

    const written = await storage.write('us', record);
    const readBack = await storage.read('us', KEY);
    await storage.delete('us', KEY);
    const found = await storage.find('us', { key1: 'Berlin', recordKey: KEY });
    await storage.batchDelete('us', [KEY, 'other']);
    await storage.healthCheck('us');

    const encoded = `/${encodeURIComponent(KEY)}`;
    expect(encoded).toBe('/user%201%2B%C3%A9');
    expect(read?.calls[0]?.path).toBe(recordsPath('us', encoded));
    expect(remove?.calls[0]?.path).toBe(recordsPath('us', encoded));
    expect(write?.calls[0]?.body).toEqual({
      record_key: KEY,
      body: 'plain body',
      key1: 'Berlin',
      profile_key: 'P',
    });
    expect(find?.calls[0]?.body).toMatchObject({ filter: { key1: 'Berlin', record_key: KEY } });
    expect(batchDelete?.calls[0]?.body).toEqual({ filter: { record_key: [KEY, 'other'] } });
    for (const handler of handlers) {
      expect(handler.calls[0]?.headers['x-encrypted-storage']).toBe('true');
    }
    expect(health?.calls).toHaveLength(1);
    expect(written.record).toMatchObject({ recordKey: KEY, body: 'plain body', profileKey: 'P' });
    expect(readBack.record).toMatchObject({ recordKey: KEY, body: 'plain body', key1: 'Berlin' });
    expect(found.records[0]?.recordKey).toBe(KEY);
  });

  it('refuses a key that cannot go into a path, before any request', async () => {
    const recorders = anyRequest();
    server.use(...recorders.map((recorder) => recorder.handler));
    const { storage } = createHarness({ encryption: 'SSE' });
    await expect(storage.read('us', 'a/b')).rejects.toThrow(InputValidationError);
    await expect(storage.delete('us', 'x'.repeat(129))).rejects.toThrow(/128/);
    expect(recorders.flatMap((recorder) => recorder.calls)).toEqual([]);
  });
});

describe('OFF mode', () => {
  it('hashes the keys and sends a pt: body, and reads it back', async () => {
    const { storage, codec } = createHarness({ encryption: 'OFF' });
    const write = popHandler('POST', 'us', '', () => new Response(null, { status: 201 }));
    const row = await stored(codec, { recordKey: 'user-1', body: 'open body', key2: 'Paris' });
    const read = popHandler('GET', 'us', '/:key', () => Response.json(row));
    server.use(tokens().handler, write.handler, read.handler);

    const written = await storage.write('us', {
      recordKey: 'user-1',
      body: 'open body',
      key2: 'Paris',
    });
    const { record } = await storage.read('us', 'user-1');

    const body = write.calls[0]?.body as { [field: string]: unknown };
    expect(body).toMatchObject({
      record_key: hashKey('user-1', ENV),
      key2: hashKey('Paris', ENV),
      is_encrypted: false,
      version: 0,
    });
    expect(body.body).toMatch(/^pt:/);
    expect(write.calls[0]?.headers['x-encrypted-storage']).toBeUndefined();
    expect(written.record).toMatchObject({ recordKey: 'user-1', body: 'open body', version: 0 });
    expect(read.calls[0]?.path).toBe(recordsPath('us', `/${hashKey('user-1', ENV)}`));
    expect(record).toMatchObject({ recordKey: 'user-1', body: 'open body', key2: 'Paris' });
  });
});

describe('key settings', () => {
  it('keeps search keys plain with hashSearchKeys false, lowercased with normalizeKeys', async () => {
    const { storage } = createHarness({ hashSearchKeys: false, normalizeKeys: true });
    const find = popHandler('POST', 'us', '/find', () =>
      Response.json({ meta: { count: 0, limit: 100, offset: 0, total: 0 }, data: [] }),
    );
    server.use(tokens().handler, find.handler);

    await storage.find('us', { key1: 'Berlin', recordKey: 'User-1' });

    expect(find.calls[0]?.body).toMatchObject({
      filter: { key1: 'berlin', record_key: hashKey('user-1', ENV) },
    });
  });
});
