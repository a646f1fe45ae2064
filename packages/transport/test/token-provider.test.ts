import { StorageAuthenticationError } from '@residency/errors';
import {
  countriesHandler,
  createRecordingHandler,
  DEFAULT_AUTH_URL,
  errorResponse,
  oauthErrorBody,
  tokenHandler,
} from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTransport } from '../src/index.ts';
import { BASE_OPTIONS, OkSchema, popHandler, popHost } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => server.use(countriesHandler().handler));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const APAC_AUTH = 'https://auth-apac.incountry.com/oauth2/token';
const read = (country = 'us') =>
  ({ country, method: 'GET', path: '/record-hash', schema: OkSchema }) as const;

describe('OAuth2 client credentials (protocol.md §2.3)', () => {
  it('posts the form with Basic auth to the region endpoint and sends the bearer token', async () => {
    const token = tokenHandler();
    const pop = popHandler('GET', 'us', '/record-hash');
    server.use(token.handler, pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    await transport.request(read());

    expect(token.calls).toHaveLength(1);
    expect(token.calls[0]).toMatchObject({
      method: 'POST',
      body: { grant_type: 'client_credentials', scope: 'env-1', audience: popHost('us') },
      headers: {
        authorization: `Basic ${btoa('client-id:client-secret')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(pop.calls[0]?.headers.authorization).toBe('Bearer token-1');
  });

  it('caches one token per audience', async () => {
    const emea = tokenHandler();
    const apac = tokenHandler({ url: APAC_AUTH, token: 'apac-token' });
    server.use(
      emea.handler,
      apac.handler,
      popHandler('GET', 'us', '/record-hash').handler,
      popHandler('GET', 'sg', '/record-hash').handler,
    );
    const transport = createTransport(BASE_OPTIONS);

    await transport.request(read('us'));
    await transport.request(read('sg'));
    await transport.request(read('us'));
    await transport.request(read('sg'));

    expect(emea.calls.map((call) => call.body)).toEqual([
      expect.objectContaining({ audience: popHost('us') }),
    ]);
    expect(apac.calls.map((call) => call.body)).toEqual([
      expect.objectContaining({ audience: popHost('sg') }),
    ]);
  });

  it('fetches a new token once expires_in has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = tokenHandler({ expiresIn: 60 });
    const pop = popHandler('GET', 'us', '/record-hash');
    server.use(token.handler, pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    await transport.request(read());
    vi.advanceTimersByTime(59_999);
    await transport.request(read());
    vi.advanceTimersByTime(1);
    await transport.request(read());

    expect(pop.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('makes one token request for concurrent requests to one audience', async () => {
    const token = tokenHandler();
    const pop = popHandler('GET', 'us', '/record-hash');
    server.use(token.handler, pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    await Promise.all([1, 2, 3].map(() => transport.request(read())));

    expect(token.calls).toHaveLength(1);
    expect(pop.calls).toHaveLength(3);
  });
});

describe('401 from the PoP (protocol.md §2.4)', () => {
  it('refreshes the token once and retries the request', async () => {
    const token = tokenHandler();
    const pop = popHandler('GET', 'us', '/record-hash', ({ index }) =>
      index === 0 ? errorResponse(401) : Response.json({ ok: true }),
    );
    server.use(token.handler, pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    const { data } = await transport.request(read());

    expect(data).toEqual({ ok: true });
    expect(pop.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('throws StorageAuthenticationError on a second 401', async () => {
    const token = tokenHandler();
    const pop = popHandler('GET', 'us', '/record-hash', () => errorResponse(401));
    server.use(token.handler, pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    const error = await transport.request(read()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StorageAuthenticationError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).toBe(
      'GET /v2/storage/records/us/record-hash failed: 401 Unauthorized',
    );
    expect([token.calls.length, pop.calls.length]).toEqual([2, 2]);
  });

  it('shares one refresh between concurrent requests refused with the same token', async () => {
    const token = tokenHandler();
    const pop = popHandler('GET', 'us', '/record-hash', ({ call }) =>
      call.headers.authorization === 'Bearer token-1'
        ? errorResponse(401)
        : Response.json({ ok: true }),
    );
    server.use(token.handler, pop.handler);
    const transport = createTransport(BASE_OPTIONS);

    await Promise.all([transport.request(read()), transport.request(read())]);

    expect(token.calls).toHaveLength(2);
  });
});

describe('token endpoint failures', () => {
  it.each([401, 400])(
    'turns %i with an OAuth error body into StorageAuthenticationError',
    async (status) => {
      const token = createRecordingHandler('POST', DEFAULT_AUTH_URL, () =>
        Response.json(oauthErrorBody('invalid_client'), { status }),
      );
      const pop = popHandler('GET', 'us', '/record-hash');
      server.use(token.handler, pop.handler);
      const transport = createTransport(BASE_OPTIONS);

      const error = await transport.request(read()).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(StorageAuthenticationError);
      expect(error).toMatchObject({
        status,
        detail: 'invalid_client: Client authentication failed',
      });
      expect((error as Error).message).toMatch(
        /^Token request to https:\/\/auth-emea.* failed: \d+ .*\(invalid_client\)$/,
      );
      // A refused token request is not retried, and the PoP is never called.
      expect([token.calls.length, pop.calls.length]).toEqual([1, 0]);
    },
  );

  it("keeps the platform's error_hint in the detail, after the standard description", async () => {
    const token = createRecordingHandler('POST', DEFAULT_AUTH_URL, () =>
      Response.json(
        {
          ...oauthErrorBody(
            'invalid_scope',
            'The requested scope is invalid, unknown, or malformed',
          ),
          error_hint: "scope must be the client's environment id",
          status_code: 400,
        },
        { status: 400 },
      ),
    );
    server.use(token.handler);
    const transport = createTransport(BASE_OPTIONS);

    const error = await transport.request(read()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StorageAuthenticationError);
    expect(error).toMatchObject({
      detail:
        "invalid_scope: The requested scope is invalid, unknown, or malformed: scope must be the client's environment id",
    });
  });

  it.each([
    ['without access_token', () => Response.json({ expires_in: 300 }), 'access_token: missing'],
    [
      'with a string expires_in',
      () => Response.json({ access_token: 't', expires_in: '300' }),
      'expires_in',
    ],
    ['that is not JSON', () => new Response('token=abc'), 'not valid JSON'],
  ])(
    'turns a 200 response %s into StorageAuthenticationError',
    async (_case, respond, fragment) => {
      server.use(createRecordingHandler('POST', DEFAULT_AUTH_URL, respond).handler);
      const transport = createTransport(BASE_OPTIONS);

      const error = await transport.request(read()).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(StorageAuthenticationError);
      expect((error as Error).message).toContain(fragment);
    },
  );
});

describe('static oauthToken', () => {
  it('sends the token verbatim and never calls a token endpoint', async () => {
    const token = tokenHandler();
    const pop = popHandler('GET', 'us', '/record-hash');
    server.use(token.handler, pop.handler);
    const transport = createTransport({ environmentId: 'env-1', oauthToken: 'static-token' });

    await transport.request(read());

    expect(pop.calls[0]?.headers.authorization).toBe('Bearer static-token');
    expect(token.calls).toHaveLength(0);
  });

  it('retries a 401 once with the same token, then throws StorageAuthenticationError', async () => {
    const pop = popHandler('GET', 'us', '/record-hash', () => errorResponse(401));
    server.use(pop.handler);
    const transport = createTransport({ environmentId: 'env-1', oauthToken: 'static-token' });

    await expect(transport.request(read())).rejects.toThrow(StorageAuthenticationError);
    expect(pop.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer static-token',
      'Bearer static-token',
    ]);
  });
});
