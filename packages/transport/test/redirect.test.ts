// Redirects are never followed (issue 14): a cross-origin 307 would make fetch re-send the body
// (records in plaintext in SSE mode, the client secret in the token request) to another host.
import { StorageNetworkError } from '@residency/errors';
import {
  countriesHandler,
  createRecordingHandler,
  SAMPLE_COUNTRIES,
  tokenHandler,
} from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTransport } from '../src/index.ts';
import { BASE_OPTIONS, OkSchema, popHandler } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ELSEWHERE = 'https://elsewhere.example.test/collect';
const MARKER = 'REDIRECT-BODY-MARKER';

const redirectTo = (location: string) => () =>
  new Response(null, { status: 307, headers: { location } });

describe('redirects', () => {
  it.each([
    [307, 'POST'],
    [308, 'POST'],
    [302, 'GET'],
  ] as const)(
    'does not follow a %i answer to a %s, nor re-send the body',
    async (status, method) => {
      const elsewhere = createRecordingHandler(method, ELSEWHERE, () =>
        Response.json({ ok: true }),
      );
      const pop = popHandler(
        method,
        'us',
        '/find',
        () => new Response(null, { status, headers: { location: ELSEWHERE } }),
      );
      server.use(
        countriesHandler().handler,
        tokenHandler().handler,
        pop.handler,
        elsewhere.handler,
      );
      const transport = createTransport(BASE_OPTIONS);

      const json = method === 'POST' ? { filter: { key1: MARKER } } : undefined;
      const error = await transport
        .request({ country: 'us', method, path: '/find', json, schema: OkSchema })
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(StorageNetworkError);
      expect((error as Error).message).toBe(
        `${method} /v2/storage/records/us/find failed: the server answered with a redirect, which the SDK never follows`,
      );
      expect(String(error)).not.toContain(MARKER);
      expect(String(error)).not.toContain('elsewhere');
      expect(pop.calls).toHaveLength(1);
      expect(elsewhere.calls).toHaveLength(0);
    },
  );

  it('does not follow a redirect of the token endpoint, which carries the client secret', async () => {
    const elsewhere = createRecordingHandler('POST', ELSEWHERE, () =>
      Response.json({ access_token: 't', expires_in: 60 }),
    );
    const token = createRecordingHandler(
      'POST',
      'https://auth-emea.incountry.com/oauth2/token',
      redirectTo(ELSEWHERE),
    );
    server.use(countriesHandler().handler, token.handler, elsewhere.handler);
    const transport = createTransport(BASE_OPTIONS);

    const error = await transport
      .request({ country: 'us', method: 'GET', path: '/k', schema: OkSchema })
      .catch((caught: unknown) => caught);

    expect((error as Error).message).toContain('redirect');
    expect(String(error)).not.toContain(BASE_OPTIONS.clientSecret as string);
    expect(elsewhere.calls).toHaveLength(0);
  });

  it('asks every fetch not to follow redirects', async () => {
    const injected = vi.fn(async (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('countries')) return Response.json({ countries: SAMPLE_COUNTRIES });
      if (url.includes('oauth2')) return Response.json({ access_token: 't', expires_in: 60 });
      return Response.json({ ok: true });
    });
    const transport = createTransport({ ...BASE_OPTIONS, fetch: injected });

    await transport.request({ country: 'us', method: 'GET', path: '/k', schema: OkSchema });

    expect(injected).toHaveBeenCalledTimes(3);
    for (const [input] of injected.mock.calls) {
      expect(input).toBeInstanceOf(Request);
      expect((input as Request).redirect).toBe('error');
    }
  });
});
