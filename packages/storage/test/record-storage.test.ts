// RecordStorage's write, read and delete calls in LOCAL mode: what goes over the wire (hashed
// paths and keys, encrypted bodies, headers) and what comes back; debug mode and the logger.
import { hashKey } from '@residency/crypto';
import {
  StorageConfigValidationError,
  StorageServerResponseValidationError,
} from '@residency/errors';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withHttpResponses } from '../src/debug-responses.ts';
import { RecordStorage } from '../src/index.ts';
import { ENV } from './support/codecs.ts';
import {
  CREATED_AT,
  createHarness,
  echoed,
  popHandler,
  recordingLogger,
  recordsPath,
  stored,
  tokens,
} from './support/storage-harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const hash = (value: string) => hashKey(value, ENV);
const RECORD = {
  recordKey: 'user-1',
  body: 'the body',
  profileKey: 'profile-1',
  key1: 'Berlin',
  rangeKey1: 42,
  expiresAt: '2030-01-01T00:00:00.000Z',
};

describe('RecordStorage.write', () => {
  it('sends the hashed, encrypted record with the headers and returns the records written, dated by the echo', async () => {
    const { storage } = createHarness();
    const token = tokens();
    const write = popHandler('POST', 'us', '', ({ call }) => Response.json(echoed(call.body)));
    server.use(token.handler, write.handler);

    const result = await storage.write('US', RECORD, { headers: { 'X-Trace': 't-1' } });

    const [call] = write.calls;
    expect(call?.path).toBe(recordsPath('us'));
    expect(call?.headers).toMatchObject({
      authorization: 'Bearer token-1',
      'x-env-id': ENV,
      'content-type': 'application/json',
      'x-trace': 't-1',
    });
    expect(call?.headers['x-encrypted-storage']).toBeUndefined();
    const body = call?.body as { [field: string]: unknown };
    expect(body).toMatchObject({
      record_key: hash('user-1'),
      profile_key: hash('profile-1'),
      key1: hash('Berlin'),
      range_key1: 42,
      expires_at: '2030-01-01T00:00:00.000Z',
      version: 2,
      is_encrypted: true,
    });
    expect(body.body).toMatch(/^2:/);
    expect(call?.text).not.toContain('the body');
    expect(result.record).toMatchObject({ ...RECORD, expiresAt: new Date(RECORD.expiresAt) });
    expect(result.record.createdAt).toEqual(new Date(CREATED_AT));
    expect(result.record.version).toBe(2);
    expect(RecordStorage.HTTP_DEBUG_KEY in result).toBe(false);
  });

  it.each([
    ['an empty body', () => new Response(null, { status: 200 })],
    ['an empty object', () => Response.json({})],
    ['an object that is no record', () => Response.json({ ok: true })],
  ])('returns the input when the server answers %s', async (_, answer) => {
    const { storage } = createHarness();
    server.use(tokens().handler, popHandler('POST', 'us', '', answer).handler);

    const { record } = await storage.write('us', { recordKey: 'user-1', body: 'b', key2: 'x' });

    expect(record).toMatchObject({ recordKey: 'user-1', body: 'b', key2: 'x', version: 2 });
    expect(record).toMatchObject({ key1: null, profileKey: null, rangeKey1: null });
    expect(record).toMatchObject({ createdAt: null, updatedAt: null, attachments: [] });
  });

  it('refuses an echo whose dates or version are of the wrong shape', async () => {
    const { storage } = createHarness();
    const answer = () => Response.json({ record_key: 'h', created_at: 'yesterday', version: -1 });
    server.use(tokens().handler, popHandler('POST', 'us', '', answer).handler);

    const error = await storage.write('us', { recordKey: 'user-1' }).catch((caught) => caught);

    expect(error).toBeInstanceOf(StorageServerResponseValidationError);
    expect(error.message).toContain('created_at');
    expect(error.message).toContain('version');
  });

  it("returns the input with the echo's dates and version, whatever else the echo says", async () => {
    const { storage } = createHarness();
    const answer = () =>
      Response.json({
        record_key: hash('user-1'),
        body: 'not even a ciphertext',
        range_key1: 'not read',
        created_at: CREATED_AT,
        updated_at: '2024-02-03T04:05:06.789Z',
        version: 7,
      });
    server.use(tokens().handler, popHandler('POST', 'us', '', answer).handler);

    const { record } = await storage.write('us', { recordKey: 'user-1', body: 'b', rangeKey1: 3 });

    expect(record).toMatchObject({ recordKey: 'user-1', body: 'b', rangeKey1: 3, version: 7 });
    expect(record.createdAt).toEqual(new Date(CREATED_AT));
    expect(record.updatedAt).toEqual(new Date('2024-02-03T04:05:06.789Z'));
  });
});

describe('RecordStorage.batchWrite', () => {
  const records = [
    { recordKey: 'a', body: 'body a', key3: 'x' },
    { recordKey: 'b', body: 'body b' },
  ];

  it('sends every record hashed and encrypted, and returns the records written, dated by the echo', async () => {
    const { storage } = createHarness();
    const batch = popHandler('POST', 'us', '/batchWrite', ({ call }) => {
      const sent = (call.body as { records: unknown[] }).records;
      return Response.json({ records: sent.map(echoed) });
    });
    server.use(tokens().handler, batch.handler);

    const result = await storage.batchWrite('us', records);

    const sentBody = batch.calls[0]?.body as { records: { [field: string]: unknown }[] };
    const sent = sentBody.records;
    expect(sent.map((record) => record.record_key)).toEqual([hash('a'), hash('b')]);
    expect(sent[0]?.key3).toBe(hash('x'));
    expect(batch.calls[0]?.text).not.toContain('body a');
    expect(result.records.map((record) => record.body)).toEqual(['body a', 'body b']);
    expect(result.records[0]).toMatchObject({ recordKey: 'a', key3: 'x' });
    expect(result.records[0]?.createdAt).toEqual(new Date(CREATED_AT));
  });

  it("matches each echoed record by its key, whatever the echo's order", async () => {
    const { storage } = createHarness();
    const batch = popHandler('POST', 'us', '/batchWrite', ({ call }) => {
      const sent = (call.body as { records: { record_key: string }[] }).records;
      const stamped = sent.map((record, index) => ({
        ...echoed(record),
        updated_at: `2024-01-0${index + 1}T00:00:00.000Z`,
      }));
      return Response.json({ records: stamped.reverse() });
    });
    server.use(tokens().handler, batch.handler);

    const result = await storage.batchWrite('us', records);

    expect(result.records.map((record) => record.recordKey)).toEqual(['a', 'b']);
    expect(result.records.map((record) => record.updatedAt?.toISOString())).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-02T00:00:00.000Z',
    ]);
  });

  it('refuses a batch echo whose records are not records', async () => {
    const { storage } = createHarness();
    const answer = () => Response.json({ records: [{ record_key: hash('a') }, { version: 1 }] });
    server.use(tokens().handler, popHandler('POST', 'us', '/batchWrite', answer).handler);

    const error = await storage.batchWrite('us', records).catch((caught) => caught);

    expect(error).toBeInstanceOf(StorageServerResponseValidationError);
    expect(error.message).toContain('records.1.record_key');
  });

  it('returns the inputs when the server echoes nothing', async () => {
    const { storage } = createHarness();
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/batchWrite', () => Response.json({})).handler,
    );

    const result = await storage.batchWrite('us', records);

    expect(result.records.map((record) => record.recordKey)).toEqual(['a', 'b']);
    expect(result.records[1]).toMatchObject({ body: 'body b', key3: null, createdAt: null });
  });
});

describe('RecordStorage.read', () => {
  it('gets the record by its hashed key and decrypts it', async () => {
    const { storage, codec } = createHarness();
    const server_record = await stored(codec, RECORD);
    const read = popHandler('GET', 'us', '/:key', () => Response.json(server_record));
    server.use(tokens().handler, read.handler);

    const { record } = await storage.read('us', 'user-1');

    expect(read.calls[0]?.path).toBe(recordsPath('us', `/${hash('user-1')}`));
    expect(read.calls[0]?.headers['x-env-id']).toBe(ENV);
    expect(record).toMatchObject({ recordKey: 'user-1', body: 'the body', key1: 'Berlin' });
    expect(record.updatedAt).toEqual(new Date(CREATED_AT));
  });
});

describe('RecordStorage.delete and batchDelete', () => {
  it('deletes by hashed key and ignores the answer body', async () => {
    const { storage } = createHarness();
    const remove = popHandler('DELETE', 'us', '/:key', () => new Response('not json'));
    server.use(tokens().handler, remove.handler);

    expect(await storage.delete('us', 'user-1')).toEqual({ success: true });
    expect(remove.calls[0]?.path).toBe(recordsPath('us', `/${hash('user-1')}`));
  });

  it('sends the hashed keys as a record_key filter', async () => {
    const { storage } = createHarness();
    const remove = popHandler(
      'POST',
      'us',
      '/batchDelete',
      () => new Response(null, { status: 204 }),
    );
    server.use(tokens().handler, remove.handler);

    expect(await storage.batchDelete('us', ['a', 'b'])).toEqual({ success: true });
    expect(remove.calls[0]?.body).toEqual({ filter: { record_key: [hash('a'), hash('b')] } });
  });
});

describe('RecordStorage in debug mode', () => {
  it('adds the response info under HTTP_DEBUG_KEY', async () => {
    const { storage, codec } = createHarness({ debug: true });
    const headers = { 'x-inc-corr-id-resp': 'corr-1' };
    const answer = async () => Response.json(await stored(codec, RECORD), { headers });
    server.use(
      tokens().handler,
      popHandler('GET', 'us', '/:key', answer).handler,
      popHandler('DELETE', 'us', '/:key', () => Response.json({})).handler,
    );

    const read = await storage.read('us', 'user-1');
    const removed = await storage.delete('us', 'user-1');

    expect(RecordStorage.HTTP_DEBUG_KEY).toBe('httpResponse');
    expect(read.httpResponse).toMatchObject({
      kind: 'pop',
      method: 'GET',
      status: 200,
      url: `https://test.local${recordsPath('us', `/${hash('user-1')}`)}`,
      headers: { 'x-inc-corr-id-resp': 'corr-1' },
    });
    expect(removed).toMatchObject({ success: true, httpResponse: { method: 'DELETE' } });
  });
});

describe('withHttpResponses', () => {
  const info = (status: number) =>
    ({ kind: 'pop', method: 'POST', url: 'u', status, statusText: '', headers: {} }) as const;

  it('adds one response as is, several as a list, none not at all', () => {
    expect(withHttpResponses({ a: 1 }, [info(200)])).toEqual({ a: 1, httpResponse: info(200) });
    expect(withHttpResponses({ a: 1 }, [info(200), info(201)])).toEqual({
      a: 1,
      httpResponse: [info(200), info(201)],
    });
    expect(withHttpResponses({ a: 1 }, [])).toEqual({ a: 1 });
  });
});

describe('RecordStorage logging and options', () => {
  it('logs one debug line per call: name, country, duration, record count', async () => {
    const logger = recordingLogger();
    const { storage } = createHarness({ logger });
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/batchWrite', () => Response.json({})).handler,
    );

    await storage.batchWrite('us', [{ recordKey: 'a' }, { recordKey: 'b' }]);

    expect(logger.lines).toHaveLength(1);
    const [line] = logger.lines;
    expect(line?.level).toBe('debug');
    expect(line?.args[0]).toBe('RecordStorage.batchWrite');
    expect(line?.args[1]).toEqual({ country: 'us', durationMs: expect.any(Number), records: 2 });
  });

  it.each([
    [{ codec: {} }, /codec/],
    [{ codec: createHarness().codec }, /transport/],
    [{ codec: createHarness().codec, transport: { request: () => 1 }, debug: 'yes' }, /debug/],
  ])('refuses bad options %#', (options, message) => {
    const create = () => new RecordStorage(options as never);
    expect(create).toThrow(StorageConfigValidationError);
    expect(create).toThrow(message);
  });
});
