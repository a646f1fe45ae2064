// What a user meets through RecordStorage when something is wrong: bad arguments (refused
// before anything is sent), HTTP and network failures, bad answers, and the health check.
// No error message, cause or log line carries a key, a body or a secret.
import { inspect } from 'node:util';
import {
  InputValidationError,
  StorageAuthenticationError,
  StorageCountryNotSupportedError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '@residency/errors';
import {
  countriesHandler,
  createRecordingHandler,
  errorResponse,
  networkError,
  type RecordingHandler,
  type RecordingResolver,
} from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RecordStorage } from '../src/index.ts';
import {
  anyRequest,
  createHarness,
  HOST,
  popHandler,
  recordingLogger,
  tokens,
} from './support/storage-harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

type Call = (storage: RecordStorage) => unknown;

describe('input validation, before any request', () => {
  const cases: [string, string, Call][] = [
    ['write: country', 'country', (s) => s.write('usa', { recordKey: 'k' })],
    ['write: record key', 'record.recordKey', (s) => s.write('us', { recordKey: '' })],
    [
      'write: range key',
      'record.rangeKey1',
      (s) => s.write('us', { recordKey: 'k', rangeKey1: 'x' } as never),
    ],
    [
      'write: unknown field',
      'record.record_key',
      (s) => s.write('us', { recordKey: 'k', record_key: 'k' } as never),
    ],
    [
      'write: header',
      'requestOptions.headers.Authorization',
      (s) => s.write('us', { recordKey: 'k' }, { headers: { Authorization: 'x' } }),
    ],
    [
      'write: request option',
      'requestOptions.timeout',
      (s) => s.write('us', { recordKey: 'k' }, { timeout: 1 } as never),
    ],
    ['batchWrite: empty', 'records', (s) => s.batchWrite('us', [])],
    [
      'batchWrite: record',
      'records.1.body',
      (s) => s.batchWrite('us', [{ recordKey: 'a' }, { recordKey: 'b', body: 1 } as never]),
    ],
    ['read: key', 'recordKey', (s) => s.read('us', '')],
    ['read: country', 'country', (s) => s.read(42 as never, 'k')],
    ['find: filter', 'filter.key1', (s) => s.find('us', { key1: {} } as never)],
    ['find: limit', 'options.limit', (s) => s.find('us', {}, { limit: 101 })],
    [
      'find: sort',
      'options.sort.0.recordKey',
      (s) => s.find('us', {}, { sort: [{ recordKey: 'asc' }] } as never),
    ],
    ['findOne: offset', 'options.offset', (s) => s.findOne('us', {}, { offset: -1 })],
    [
      'findOne: signal',
      'requestOptions.signal',
      (s) => s.findOne('us', {}, {}, { signal: 'x' } as never),
    ],
    ['iterate: filter', 'filter.searchKeys', (s) => s.iterate('us', { searchKeys: 'ab' })],
    ['delete: key', 'recordKey', (s) => s.delete('us', 5 as never)],
    ['batchDelete: keys', 'recordKeys', (s) => s.batchDelete('us', [])],
    ['batchDelete: key', 'recordKeys.1', (s) => s.batchDelete('us', ['a', ''])],
    ['healthCheck: country', 'country', (s) => s.healthCheck('u')],
  ];

  it.each(cases)('%s', async (_, path, call) => {
    const recorders = anyRequest();
    server.use(...recorders.map((recorder) => recorder.handler));
    const { storage } = createHarness();

    const error = await (async () => call(storage))().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ path });
    expect(recorders.flatMap((recorder) => recorder.calls)).toEqual([]);
  });
});

describe('failures of the request', () => {
  it('404 on read is a StorageServerError with the status', async () => {
    server.use(
      tokens().handler,
      popHandler('GET', 'us', '/:key', () =>
        errorResponse(404, { errors: [{ title: 'Not Found' }] }),
      ).handler,
    );
    const error = await createHarness()
      .storage.read('us', 'k')
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(StorageServerError);
    expect(error.constructor).toBe(StorageServerError);
    expect(error.status).toBe(404);
  });

  it('401 twice is a StorageAuthenticationError after one token refresh', async () => {
    const token = tokens();
    const find = popHandler('POST', 'us', '/find', () => errorResponse(401));
    server.use(token.handler, find.handler);
    await expect(createHarness().storage.find('us')).rejects.toThrow(StorageAuthenticationError);
    expect(find.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('500 is a StorageServerError, not retried', async () => {
    const remove = popHandler('DELETE', 'us', '/:key', () => errorResponse(500));
    server.use(tokens().handler, remove.handler);
    await expect(createHarness().storage.delete('us', 'k')).rejects.toMatchObject({
      name: 'StorageServerError',
      status: 500,
    });
    expect(remove.calls).toHaveLength(1);
  });

  it.each([
    ['a body that is not JSON', () => new Response('{"record_key": ')],
    ['a record without record_key', () => Response.json({ body: '2:abc' })],
  ])('%s on read is a StorageServerResponseValidationError', async (_, answer) => {
    server.use(tokens().handler, popHandler('GET', 'us', '/:key', answer).handler);
    await expect(createHarness().storage.read('us', 'k')).rejects.toThrow(
      StorageServerResponseValidationError,
    );
  });

  it('a find answer without meta is a StorageServerResponseValidationError', async () => {
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '/find', () => Response.json({ data: [] })).handler,
    );
    await expect(createHarness().storage.find('us')).rejects.toThrow(/meta/);
  });

  it('a refused connection is a StorageNetworkError', async () => {
    server.use(tokens().handler, popHandler('POST', 'us', '/batchDelete', networkError).handler);
    await expect(createHarness().storage.batchDelete('us', ['k'])).rejects.toThrow(
      StorageNetworkError,
    );
  });

  it('an aborted signal stops the call before anything is sent', async () => {
    const recorders = anyRequest();
    server.use(...recorders.map((recorder) => recorder.handler));
    const signal = AbortSignal.abort(new Error('stop'));
    await expect(createHarness().storage.read('us', 'k', { signal })).rejects.toThrow(
      StorageNetworkError,
    );
    expect(recorders.flatMap((recorder) => recorder.calls)).toEqual([]);
  });
});

describe('RecordStorage.healthCheck', () => {
  const health = (resolver: RecordingResolver): RecordingHandler =>
    createRecordingHandler('GET', `${HOST}/healthcheck`, resolver);

  it('is true for 200, at the host root, with the auth headers', async () => {
    const check = health(() => new Response('OK'));
    server.use(tokens().handler, check.handler);
    expect(await createHarness().storage.healthCheck('us')).toEqual({ result: true });
    expect(check.calls[0]?.path).toBe('/healthcheck');
    expect(check.calls[0]?.headers.authorization).toBe('Bearer token-1');
  });

  it('is false for an HTTP error of the PoP', async () => {
    server.use(tokens().handler, health(() => errorResponse(500)).handler);
    expect(await createHarness().storage.healthCheck('us')).toEqual({ result: false });
  });

  it('is false for 429 once the retries are spent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const check = health(() => errorResponse(429));
    server.use(tokens().handler, check.handler);
    const pending = createHarness().storage.healthCheck('us');
    await vi.runAllTimersAsync();
    expect(await pending).toEqual({ result: false });
    expect(check.calls).toHaveLength(7);
  });

  it('is false for a non-200 success', async () => {
    server.use(tokens().handler, health(() => new Response(null, { status: 204 })).handler);
    expect(await createHarness({ debug: true }).storage.healthCheck('us')).toMatchObject({
      result: false,
      httpResponse: { status: 204 },
    });
  });

  it.each([
    ['401 twice', () => errorResponse(401), StorageAuthenticationError],
    ['a refused connection', networkError, StorageNetworkError],
  ])('throws on %s', async (_, answer, ErrorClass) => {
    server.use(tokens().handler, health(answer).handler);
    await expect(createHarness().storage.healthCheck('us')).rejects.toThrow(ErrorClass);
  });

  it('throws for a country the countries list does not have, and asks its PoP otherwise', async () => {
    const check = createRecordingHandler(
      'GET',
      'https://us-mt-01.api.incountry.io/healthcheck',
      () => new Response('OK'),
    );
    server.use(tokens().handler, countriesHandler().handler, check.handler);
    const { storage } = createHarness({ transport: { endpoint: undefined } });
    await expect(storage.healthCheck('zz')).rejects.toThrow(StorageCountryNotSupportedError);
    expect(await storage.healthCheck('us')).toEqual({ result: true });
  });
});

describe('no key, body or secret in errors or log lines', () => {
  const MARKER = 'MARKER-5c1e';
  const record = { recordKey: `${MARKER}-key`, body: `${MARKER}-body`, key1: `${MARKER}-k1` };
  const scenarios: [string, () => Response][] = [
    ['404', () => errorResponse(404)],
    ['401', () => errorResponse(401)],
    ['500', () => errorResponse(500)],
    ['not JSON', () => new Response(`{"${MARKER}`)],
    [
      'a bad record',
      () =>
        Response.json({
          record_key: `${MARKER}`,
          created_at: `${MARKER}`,
          range_key1: `${MARKER}`,
        }),
    ],
    ['a refused connection', networkError],
  ];

  it.each(scenarios)('%s', async (_, answer) => {
    const logger = recordingLogger();
    const { storage } = createHarness({
      logger,
      transport: { clientSecret: `${MARKER}-secret`, logger },
    });
    server.use(
      tokens().handler,
      popHandler('POST', 'us', '', answer).handler,
      popHandler('GET', 'us', '/:key', answer).handler,
      popHandler('POST', 'us', '/find', answer).handler,
    );
    const calls = [
      storage.write('us', record),
      storage.read('us', record.recordKey),
      storage.find('us', { key1: record.key1, recordKey: record.recordKey }),
    ];

    const errors = await Promise.all(calls.map((call) => call.catch((caught: unknown) => caught)));

    expect(errors.every((error) => error instanceof StorageServerError)).toBe(true);
    const seen = inspect({ errors, lines: logger.lines }, { depth: 8, showHidden: true });
    expect(seen).not.toContain(MARKER);
    expect(logger.lines.some((line) => String(line.args[0]).startsWith('RecordStorage.'))).toBe(
      true,
    );
  });
});
