import { StorageNetworkError } from '@residency/errors';
import { countriesHandler, SAMPLE_COUNTRIES, tokenHandler } from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTransport } from '../src/index.ts';
import { BASE_OPTIONS, OkSchema, popHandler, popHost, recordingLogger } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const read = { country: 'us', method: 'GET', path: '/record-hash', schema: OkSchema } as const;

describe('exchanges', () => {
  it('logs one line per exchange: method, path, status, duration', async () => {
    server.use(
      countriesHandler().handler,
      tokenHandler().handler,
      popHandler('GET', 'us', '/record-hash').handler,
    );
    const logger = recordingLogger();
    const transport = createTransport({ ...BASE_OPTIONS, logger });

    await transport.request(read);

    const debug = logger.lines.filter((line) => line.level === 'debug');
    expect(debug.map((line) => String(line.args[0]).replace(/\(\d+ ms\)/, '(N ms)'))).toEqual([
      'Countries provider request to https://portal-backend.incountry.com/countries 200 (N ms)',
      'Token request to https://auth-emea.incountry.com/oauth2/token 200 (N ms)',
      'GET /v2/storage/records/us/record-hash 200 (N ms)',
    ]);
    expect(debug[2]?.args[1]).toEqual({
      kind: 'pop',
      method: 'GET',
      status: 200,
      durationMs: expect.any(Number),
    });
  });

  it('sends every call through an injected fetch', async () => {
    const injected = vi.fn(async (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('countries')) return Response.json({ countries: SAMPLE_COUNTRIES });
      if (url.includes('oauth2')) return Response.json({ access_token: 't', expires_in: 60 });
      return Response.json({ ok: true });
    });
    const transport = createTransport({ ...BASE_OPTIONS, fetch: injected });

    const { data, info } = await transport.request(read);

    expect(data).toEqual({ ok: true });
    expect(info.url).toBe(`${popHost('us')}/v2/storage/records/us/record-hash`);
    expect(injected).toHaveBeenCalledTimes(3);
  });

  it('lets a throwing onResponse surface as itself, not as a network error', async () => {
    server.use(countriesHandler().handler);
    const bug = new Error('callback bug');
    const transport = createTransport({
      ...BASE_OPTIONS,
      onResponse: () => {
        throw bug;
      },
    });

    const error = await transport.resolveEndpoint('us').catch((caught: unknown) => caught);

    expect(error).toBe(bug);
    expect(error).not.toBeInstanceOf(StorageNetworkError);
  });
});
