import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  countriesHandler,
  createRecordingHandler,
  DEFAULT_AUTH_URL,
  DEFAULT_COUNTRIES_URL,
  errorResponse,
  networkError,
  SAMPLE_COUNTRIES,
  tokenHandler,
} from '../src/index.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('createRecordingHandler', () => {
  it('records method, path, query, headers and a JSON body', async () => {
    const recorded = createRecordingHandler('POST', 'https://pop.test/items', ({ index }) =>
      Response.json({ index }),
    );
    server.use(recorded.handler);

    const response = await fetch('https://pop.test/items?limit=5', {
      method: 'POST',
      headers: { 'X-Env-Id': 'env', 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });

    expect(await response.json()).toEqual({ index: 0 });
    expect(recorded.calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/items',
        query: { limit: '5' },
        body: { a: 1 },
        headers: expect.objectContaining({ 'x-env-id': 'env' }),
      }),
    ]);
  });

  it('parses form bodies into fields', async () => {
    const recorded = createRecordingHandler('POST', 'https://pop.test/form', () =>
      errorResponse(404, { errors: [{ title: 'Not Found', detail: 'gone' }] }),
    );
    server.use(recorded.handler);

    const response = await fetch('https://pop.test/form', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'env' }),
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      errors: [{ title: 'Not Found', source: '', detail: 'gone' }],
    });
    expect(recorded.calls[0]?.body).toEqual({ grant_type: 'client_credentials', scope: 'env' });
  });
});

describe('endpoint factories', () => {
  it('hands out a new token per call and the countries list', async () => {
    const token = tokenHandler({ expiresIn: 60 });
    const countries = countriesHandler();
    server.use(token.handler, countries.handler);

    const first = await (await fetch(DEFAULT_AUTH_URL, { method: 'POST' })).json();
    const second = await (await fetch(DEFAULT_AUTH_URL, { method: 'POST' })).json();
    const list = await (await fetch(DEFAULT_COUNTRIES_URL)).json();

    expect([first.access_token, second.access_token, first.expires_in]).toEqual([
      'token-1',
      'token-2',
      60,
    ]);
    expect(list).toEqual({ countries: SAMPLE_COUNTRIES });
    expect(token.calls).toHaveLength(2);
  });

  it('simulates a refused connection', async () => {
    server.use(createRecordingHandler('GET', 'https://down.test/', networkError).handler);
    await expect(fetch('https://down.test/')).rejects.toThrow(TypeError);
  });
});
