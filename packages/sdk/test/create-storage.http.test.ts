// The HTTP side of what createStorage builds: User-Agent, timeouts and retries in milliseconds,
// the countries list and endpoint mask, and no request at creation.

import {
  countriesHandler,
  createRecordingHandler,
  errorResponse,
  tokenHandler,
} from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createStorage,
  StorageCountryNotSupportedError,
  StorageNetworkError,
  USER_AGENT,
} from '../src/index.ts';
import { AUTH_URL, COUNTRIES_URL, ENDPOINT, type FakePop, fakePop } from './support/fake-pop.ts';
import { NO_ENV, validOptions } from './support/options.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function usePop(): FakePop {
  const pop = fakePop();
  server.use(...pop.handlers);
  return pop;
}

describe('HTTP settings', () => {
  it('sends the SDK User-Agent', async () => {
    const pop = usePop();
    const storage = await createStorage(validOptions(), NO_ENV);
    await storage.write('de', { recordKey: 'k1' });
    expect(USER_AGENT).toMatch(/^SDK-Residency\/\d+\.\d+\.\d+/);
    expect(pop.callsTo('POST', '/records/de')[0]?.headers['user-agent']).toBe(USER_AGENT);
  });

  it('applies httpOptions.timeout in milliseconds', async () => {
    server.use(
      tokenHandler({ url: AUTH_URL }).handler,
      createRecordingHandler('GET', `${ENDPOINT}/v2/storage/records/de/:key`, () => {
        return new Promise<Response>(() => undefined); // a server that never answers
      }).handler,
    );
    const options = validOptions({
      options: { authEndpoints: { default: AUTH_URL }, httpOptions: { timeout: 20 } },
    });
    const storage = await createStorage(options, NO_ENV);
    const error = await storage.read('de', 'k1').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toContain('timed out after 20 ms');
  });

  it('retries 429 with retryBaseDelay and retryMaxDelay', async () => {
    const pop = usePop();
    const flaky = createRecordingHandler(
      'GET',
      `${ENDPOINT}/v2/storage/records/de/:key`,
      ({ index }) => (index < 2 ? errorResponse(429) : errorResponse(404)),
    );
    server.use(flaky.handler);
    const options = validOptions({
      options: {
        authEndpoints: { default: AUTH_URL },
        httpOptions: { retryBaseDelay: 1, retryMaxDelay: 8 },
      },
    });
    const storage = await createStorage(options, NO_ENV);
    await expect(storage.read('de', 'k1')).rejects.toMatchObject({ status: 404 });
    expect(flaky.calls).toHaveLength(3);
    expect(pop.token.calls).toHaveLength(1);
  });

  it('resolves countries through countriesEndpoint and endpointMask', async () => {
    const token = tokenHandler({ url: AUTH_URL });
    const countries = countriesHandler(undefined, { url: COUNTRIES_URL });
    const write = createRecordingHandler(
      'POST',
      'https://de.pop.residency.test/v2/storage/records/de',
      () => Response.json({}),
    );
    server.use(token.handler, countries.handler, write.handler);
    const options = validOptions({
      endpoint: undefined,
      options: {
        authEndpoints: { default: AUTH_URL },
        countriesEndpoint: COUNTRIES_URL,
        endpointMask: '.pop.residency.test',
      },
    });
    const storage = await createStorage(options, NO_ENV);
    await storage.write('de', { recordKey: 'k1' });
    expect(write.calls).toHaveLength(1);
    expect(countries.calls).toHaveLength(1);
    await expect(storage.write('fr', { recordKey: 'k1' })).rejects.toBeInstanceOf(
      StorageCountryNotSupportedError,
    );
  });

  it('sends no request while creating the storage', async () => {
    const pop = usePop();
    await createStorage(validOptions(), NO_ENV);
    expect(pop.calls()).toHaveLength(0);
  });
});
