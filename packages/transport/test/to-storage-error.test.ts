import {
  StorageCountryNotSupportedError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '@residency/errors';
import {
  countriesHandler,
  createRecordingHandler,
  DEFAULT_AUTH_URL,
  errorResponse,
  networkError,
  tokenHandler,
} from '@residency/testing';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTransport, type HttpResponseInfo } from '../src/index.ts';
import { BASE_OPTIONS, hang, OkSchema, popHandler } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => server.use(countriesHandler().handler, tokenHandler().handler));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const read = { country: 'us', method: 'GET', path: '/record-hash', schema: OkSchema } as const;
const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);

describe('no HTTP answer', () => {
  it('turns a refused connection into StorageNetworkError with the fetch error as cause', async () => {
    server.use(popHandler('GET', 'us', '/record-hash', networkError).handler);
    const transport = createTransport(BASE_OPTIONS);

    const error = await settle(transport.request(read));

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toBe(
      'GET /v2/storage/records/us/record-hash failed: no HTTP response (network error)',
    );
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('turns a timeout into StorageNetworkError that says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    server.use(popHandler('GET', 'us', '/record-hash', hang).handler);
    const transport = createTransport({ ...BASE_OPTIONS, timeout: 5_000 });

    const outcome = settle(transport.request(read));
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await outcome;

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toBe(
      'GET /v2/storage/records/us/record-hash timed out after 5000 ms',
    );
    expect((error as Error).cause).toBeUndefined();
  });

  it('applies the timeout to the token request too', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    server.use(createRecordingHandler('POST', DEFAULT_AUTH_URL, hang).handler);
    const transport = createTransport({ ...BASE_OPTIONS, timeout: 1_000 });

    const outcome = settle(transport.request(read));
    await vi.advanceTimersByTimeAsync(1_000);

    expect(((await outcome) as Error).message).toMatch(
      /^Token request to .* timed out after 1000 ms$/,
    );
  });
});

describe('abort signals', () => {
  it('refuses an already aborted signal before sending anything', async () => {
    const pop = popHandler('GET', 'us', '/record-hash');
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);
    const controller = new AbortController();
    controller.abort();

    const error = await settle(transport.request({ ...read, signal: controller.signal }));

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toContain('was aborted');
    expect(pop.calls).toHaveLength(0);
  });

  it('aborts a request in flight, keeping the reason as cause', async () => {
    const pop = popHandler('GET', 'us', '/record-hash', hang);
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);
    const controller = new AbortController();
    const reason = new Error('user gave up');

    const outcome = settle(transport.request({ ...read, signal: controller.signal }));
    await vi.waitFor(() => expect(pop.calls).toHaveLength(1));
    controller.abort(reason);
    const error = await outcome;

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).cause).toBe(reason);
  });

  it('stops waiting for a shared token request without cancelling it', async () => {
    const token = createRecordingHandler('POST', DEFAULT_AUTH_URL, hang);
    server.use(token.handler);
    const transport = createTransport(BASE_OPTIONS);
    const controller = new AbortController();

    const outcome = settle(transport.request({ ...read, signal: controller.signal }));
    await vi.waitFor(() => expect(token.calls).toHaveLength(1));
    controller.abort();

    expect(await outcome).toBeInstanceOf(StorageNetworkError);
  });
});

describe('HTTP errors', () => {
  it('gives a 404 its status, request id and the detail of the error body', async () => {
    server.use(
      popHandler('GET', 'us', '/record-hash', () =>
        errorResponse(404, {
          errors: [
            { title: 'Not Found', source: 'record_key', detail: 'Record not found' },
            { title: 'Not Found', source: 'env', detail: 'in this environment' },
          ],
          headers: { 'x-inc-corr-id-resp': 'corr-42' },
        }),
      ).handler,
    );
    const transport = createTransport(BASE_OPTIONS);

    const error = await settle(transport.request(read));

    expect(error).toBeInstanceOf(StorageServerError);
    expect((error as Error).name).toBe('StorageServerError');
    expect(error).toMatchObject({
      message: 'GET /v2/storage/records/us/record-hash failed: 404 Not Found',
      status: 404,
      requestId: 'corr-42',
      detail: 'Record not found; in this environment',
    });
  });

  it('tells a 404 for a country the server does not serve from a missing record', async () => {
    server.use(
      popHandler('GET', 'us', '/record-hash', () =>
        errorResponse(404, {
          errors: [
            { title: 'Not Found', source: 'country', detail: 'is not served by this server' },
          ],
        }),
      ).handler,
    );
    const transport = createTransport(BASE_OPTIONS);

    const error = await settle(transport.request(read));

    expect(error).toBeInstanceOf(StorageCountryNotSupportedError);
    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({
      name: 'StorageCountryNotSupportedError',
      message:
        'GET /v2/storage/records/us/record-hash failed: 404 Not Found: the server does not serve this country',
      status: 404,
      detail: 'is not served by this server',
    });
  });

  it('keeps a 404 that names another source, or none, a plain StorageServerError', async () => {
    const transport = createTransport(BASE_OPTIONS);
    for (const errors of [[{ source: 'record_key', detail: 'no record' }], undefined]) {
      server.use(
        popHandler('GET', 'us', '/record-hash', () =>
          errorResponse(404, errors === undefined ? {} : { errors }),
        ).handler,
      );

      const error = await settle(transport.request(read));

      expect((error as Error).name).toBe('StorageServerError');
      expect(error).toMatchObject({ status: 404 });
    }
  });

  it('falls back to x-request-id and tolerates a body that is not JSON', async () => {
    server.use(
      popHandler(
        'POST',
        'us',
        '/find',
        () => new Response('oops', { status: 400, headers: { 'x-request-id': 'req-7' } }),
      ).handler,
    );
    const transport = createTransport(BASE_OPTIONS);

    const error = await settle(
      transport.request({
        country: 'us',
        method: 'POST',
        path: '/find',
        json: {},
        schema: OkSchema,
      }),
    );

    expect(error).toMatchObject({ status: 400, requestId: 'req-7', detail: undefined });
    expect((error as Error).message).toBe(
      'POST /v2/storage/records/us/find failed: 400 Bad Request',
    );
  });
});

describe('response validation', () => {
  it('refuses a success body that is not JSON', async () => {
    server.use(popHandler('GET', 'us', '/record-hash', () => new Response('{"ok": tru')).handler);
    const transport = createTransport(BASE_OPTIONS);

    const error = await settle(transport.request(read));

    expect(error).toBeInstanceOf(StorageServerResponseValidationError);
    expect(error).toMatchObject({ status: 200 });
    expect((error as Error).message).toBe(
      'GET /v2/storage/records/us/record-hash returned a body that is not valid JSON',
    );
  });

  it('names the paths of missing or mistyped fields', async () => {
    const FindSchema = v.object({
      meta: v.object({ count: v.number(), total: v.number() }),
      data: v.array(v.object({ record_key: v.string() })),
    });
    server.use(
      popHandler('POST', 'us', '/find', () =>
        Response.json({ meta: { count: 1 }, data: [{ record_key: 42 }] }),
      ).handler,
    );
    const transport = createTransport(BASE_OPTIONS);

    const error = await settle(
      transport.request({
        country: 'us',
        method: 'POST',
        path: '/find',
        json: {},
        schema: FindSchema,
      }),
    );

    expect(error).toBeInstanceOf(StorageServerResponseValidationError);
    expect((error as Error).message).toBe(
      'POST /v2/storage/records/us/find returned an invalid body: meta.total: missing; data.0.record_key: expected string',
    );
  });

  it('validates an empty body as undefined and leaves raw bodies to the caller', async () => {
    server.use(
      popHandler('DELETE', 'us', '/record-hash', () => new Response(null, { status: 204 })).handler,
      popHandler('GET', 'us', '/file', () => new Response('bytes')).handler,
    );
    const seen: HttpResponseInfo[] = [];
    const transport = createTransport({ ...BASE_OPTIONS, onResponse: (info) => seen.push(info) });

    const deleted = await transport.request({
      country: 'us',
      method: 'DELETE',
      path: '/record-hash',
      schema: v.unknown(),
    });
    const raw = await transport.requestRaw({ country: 'us', method: 'GET', path: '/file' });

    expect(deleted.data).toBeUndefined();
    expect(deleted.info).toMatchObject({ kind: 'pop', method: 'DELETE', status: 204 });
    expect(await raw.response.text()).toBe('bytes');
    expect(seen.map((info) => `${info.kind} ${info.status}`)).toEqual([
      'countries 200',
      'token 200',
      'pop 204',
      'pop 200',
    ]);
  });
});
