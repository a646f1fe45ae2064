import { StorageNetworkError, StorageServerError } from '@residency/errors';
import {
  countriesHandler,
  createRecordingHandler,
  DEFAULT_AUTH_URL,
  DEFAULT_COUNTRIES_URL,
  errorResponse,
  networkError,
  SAMPLE_COUNTRIES,
  tokenHandler,
} from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTransport, isRetryableError, parseRetryAfter } from '../src/index.ts';
import { BASE_OPTIONS, OkSchema, popHandler, recordingLogger } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  server.use(countriesHandler().handler, tokenHandler().handler);
});
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const read = { country: 'us', method: 'GET', path: '/record-hash', schema: OkSchema } as const;
const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);

describe('retry on 429 and 503 (protocol.md §9.2)', () => {
  it('retries a 429 and returns the later success', async () => {
    const pop = popHandler('GET', 'us', '/record-hash', ({ index }) =>
      index === 0 ? errorResponse(429) : Response.json({ ok: true }),
    );
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    const result = transport.request(read);
    await vi.advanceTimersByTimeAsync(1_200);

    expect((await result).data).toEqual({ ok: true });
    expect(pop.calls).toHaveLength(2);
  });

  it('gives up after 7 attempts with defaults, the waits doubling within the jitter', async () => {
    const pop = popHandler('GET', 'us', '/record-hash', () => errorResponse(429));
    server.use(pop.handler);
    const logger = recordingLogger();
    const transport = createTransport({ ...BASE_OPTIONS, logger });

    const outcome = settle(transport.request(read));
    await vi.advanceTimersByTimeAsync(80_000);
    const error = await outcome;

    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({ status: 429 });
    expect(pop.calls).toHaveLength(7);
    const waits = logger.lines
      .filter((line) => line.level === 'warn')
      .map((line) => (line.args[1] as { delayMs: number }).delayMs);
    expect(waits).toHaveLength(6);
    waits.forEach((wait, index) => {
      const base = 1_000 * 2 ** index;
      expect(wait).toBeGreaterThanOrEqual(0.8 * base);
      expect(wait).toBeLessThanOrEqual(1.2 * base);
    });
  });

  it('waits exactly d × U(0.8, 1.2): the low end with random() = 0', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const pop = popHandler('GET', 'us', '/record-hash', ({ index }) =>
      index < 2 ? errorResponse(429) : Response.json({ ok: true }),
    );
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    const result = transport.request(read);
    await vi.advanceTimersByTimeAsync(799);
    expect(pop.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pop.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_599);
    expect(pop.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(pop.calls).toHaveLength(3);
    await result;
  });

  it('honours Retry-After in seconds on a 503', async () => {
    const pop = popHandler('GET', 'us', '/record-hash', ({ index }) =>
      index === 0
        ? errorResponse(503, { headers: { 'Retry-After': '3' } })
        : Response.json({ ok: true }),
    );
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    const result = transport.request(read);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(pop.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pop.calls).toHaveLength(2);
    await result;
  });

  it('honours Retry-After as an HTTP date, capped at retryMaxDelay', async () => {
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const pop = popHandler('GET', 'us', '/record-hash', ({ index }) =>
      index === 0
        ? errorResponse(429, { headers: { 'Retry-After': 'Tue, 01 Jan 2030 00:10:00 GMT' } })
        : Response.json({ ok: true }),
    );
    server.use(pop.handler);
    const transport = createTransport({ ...BASE_OPTIONS, retryMaxDelay: 5_000 });

    const result = transport.request(read);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(pop.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await result;
    expect(pop.calls).toHaveLength(2);
  });

  it('stops once the doubled delay exceeds retryMaxDelay', async () => {
    const pop = popHandler('GET', 'us', '/record-hash', () => errorResponse(503));
    server.use(pop.handler);
    const transport = createTransport({ ...BASE_OPTIONS, retryBaseDelay: 100, retryMaxDelay: 200 });

    const outcome = settle(transport.request(read));
    await vi.advanceTimersByTimeAsync(1_000);

    expect(await outcome).toMatchObject({ status: 503 });
    expect(pop.calls).toHaveLength(3);
  });

  it.each([
    ['a 500', () => errorResponse(500), StorageServerError],
    ['a network error', networkError, StorageNetworkError],
  ])('does not retry %s', async (_case, respond, ErrorClass) => {
    const pop = popHandler('GET', 'us', '/record-hash', respond);
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    await expect(transport.request(read)).rejects.toThrow(ErrorClass);
    expect(pop.calls).toHaveLength(1);
  });

  it('retries the token and countries calls too', async () => {
    const countries = createRecordingHandler('GET', DEFAULT_COUNTRIES_URL, ({ index }) =>
      index === 0 ? errorResponse(429) : Response.json({ countries: SAMPLE_COUNTRIES }),
    );
    const token = createRecordingHandler('POST', DEFAULT_AUTH_URL, ({ index }) =>
      index === 0 ? errorResponse(503) : Response.json({ access_token: 't', expires_in: 60 }),
    );
    server.use(countries.handler, token.handler, popHandler('GET', 'us', '/record-hash').handler);
    const transport = createTransport(BASE_OPTIONS);

    const result = transport.request(read);
    await vi.advanceTimersByTimeAsync(4_000);

    expect((await result).data).toEqual({ ok: true });
    expect([countries.calls.length, token.calls.length]).toEqual([2, 2]);
  });

  it('stops waiting when the signal aborts during a retry wait', async () => {
    const pop = popHandler('GET', 'us', '/record-hash', () => errorResponse(429));
    server.use(pop.handler);
    const transport = createTransport(BASE_OPTIONS);
    const controller = new AbortController();
    const reason = new Error('user gave up');

    const outcome = settle(transport.request({ ...read, signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(reason);
    const error = await outcome;
    await vi.advanceTimersByTimeAsync(10_000);

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toBe('GET /v2/storage/records/us/record-hash was aborted');
    expect((error as Error).cause).toBe(reason);
    expect(pop.calls).toHaveLength(1);
  });
});

describe('isRetryableError and parseRetryAfter', () => {
  it('classifies by status only', () => {
    expect(isRetryableError(new StorageServerError('x', { status: 429 }))).toBe(true);
    expect(isRetryableError(new StorageServerError('x', { status: 503 }))).toBe(true);
    expect(isRetryableError(new StorageServerError('x', { status: 500 }))).toBe(false);
    expect(isRetryableError(new StorageNetworkError('x'))).toBe(false);
    expect(isRetryableError(new Error('x'))).toBe(false);
  });

  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
