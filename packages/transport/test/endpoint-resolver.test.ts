import {
  InputValidationError,
  StorageConfigValidationError,
  StorageCountryNotSupportedError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '@residency/errors';
import {
  countriesHandler,
  createRecordingHandler,
  DEFAULT_AUTH_URL,
  DEFAULT_COUNTRIES_URL,
  errorResponse,
  networkError,
  tokenHandler,
} from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTransport } from '../src/index.ts';
import { BASE_OPTIONS, OkSchema, popHost } from './support.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const APAC_AUTH = 'https://auth-apac.incountry.com/oauth2/token';

describe('endpoint set (protocol.md §1.3 cases 1 and 2)', () => {
  it('uses endpoint as host and audience, region default, without the countries list', async () => {
    const countries = countriesHandler();
    server.use(countries.handler);
    const transport = createTransport({ ...BASE_OPTIONS, endpoint: 'http://localhost:8080/' });

    expect(await transport.resolveEndpoint('US')).toEqual({
      host: 'http://localhost:8080/',
      audience: 'http://localhost:8080/',
      region: 'default',
      authEndpoint: DEFAULT_AUTH_URL,
    });
    expect(countries.calls).toHaveLength(0);
  });

  it('joins a trailing-slash endpoint and the records path with single slashes', async () => {
    const token = tokenHandler();
    const find = createRecordingHandler(
      'POST',
      'http://localhost:8080/v2/storage/records/us/find',
      () => Response.json({ ok: true }),
    );
    server.use(token.handler, find.handler);
    const transport = createTransport({ ...BASE_OPTIONS, endpoint: 'http://localhost:8080/' });

    await transport.request({
      country: 'US',
      method: 'POST',
      path: '/find/',
      json: {},
      schema: OkSchema,
    });

    expect(find.calls).toHaveLength(1);
    expect(token.calls[0]?.body).toMatchObject({ audience: 'http://localhost:8080/' });
  });

  it('keeps one audience when endpoint equals the country host of the mask', async () => {
    const transport = createTransport({
      ...BASE_OPTIONS,
      endpoint: 'https://de-mt-02.example.io',
      endpointMask: '-mt-02.example.io',
    });

    const details = await transport.resolveEndpoint('de');

    expect(details.audience).toBe('https://de-mt-02.example.io');
    expect(details.region).toBe('default');
  });

  it('adds the country host to the audience when endpoint differs from it', async () => {
    const transport = createTransport({
      ...BASE_OPTIONS,
      endpoint: 'https://de-mt-02.example.io',
      endpointMask: '-mt-02.example.io',
    });

    const details = await transport.resolveEndpoint('us');

    expect(details.host).toBe('https://de-mt-02.example.io');
    expect(details.audience).toBe('https://de-mt-02.example.io https://us-mt-02.example.io');
  });
});

describe('countries list (protocol.md §1.3 case 3)', () => {
  it('sends a mid-POP country to its own host with its region', async () => {
    const countries = countriesHandler();
    server.use(countries.handler);
    const transport = createTransport(BASE_OPTIONS);

    const singapore = await transport.resolveEndpoint('sg');
    const germany = await transport.resolveEndpoint('DE');
    const unitedStates = await transport.resolveEndpoint('us');

    expect(singapore).toEqual({
      host: popHost('sg'),
      audience: popHost('sg'),
      region: 'apac',
      authEndpoint: APAC_AUTH,
    });
    expect(germany.region).toBe('emea');
    // No `amer` entry: AMER countries use `default` (protocol.md §2.3).
    expect(unitedStates).toMatchObject({ region: 'amer', authEndpoint: DEFAULT_AUTH_URL });
    expect(countries.calls).toHaveLength(1);
    expect(countries.calls[0]?.headers).not.toHaveProperty('authorization');
    expect(countries.calls[0]?.headers).not.toHaveProperty('x-env-id');
  });

  it('routes a listed country that is not direct through the us host with both audiences', async () => {
    server.use(countriesHandler().handler);
    const transport = createTransport(BASE_OPTIONS);

    expect(await transport.resolveEndpoint('ag')).toEqual({
      host: popHost('us'),
      audience: `${popHost('us')} ${popHost('ag')}`,
      region: 'default',
      authEndpoint: DEFAULT_AUTH_URL,
    });
  });

  it('refuses a country that is not listed at all', async () => {
    server.use(countriesHandler().handler);
    const transport = createTransport(BASE_OPTIONS);

    await expect(transport.resolveEndpoint('fr')).rejects.toThrow(StorageCountryNotSupportedError);
  });

  it('uses a custom mask, countries endpoint and auth map (keys lower-cased)', async () => {
    const countries = countriesHandler([{ id: 'SG', direct: true, region: 'APAC' }], {
      url: 'https://countries.test/list',
    });
    server.use(countries.handler);
    const transport = createTransport({
      ...BASE_OPTIONS,
      endpointMask: '.pop.test',
      countriesEndpoint: 'https://countries.test/list',
      authEndpoints: { DEFAULT: 'https://auth.test/default', APAC: 'https://auth.test/apac' },
    });

    expect(await transport.resolveEndpoint('sg')).toEqual({
      host: 'https://sg.pop.test',
      audience: 'https://sg.pop.test',
      region: 'apac',
      authEndpoint: 'https://auth.test/apac',
    });
  });

  it('caches the list for the TTL (300 s by default), then fetches it again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const countries = countriesHandler();
    server.use(countries.handler);
    const transport = createTransport(BASE_OPTIONS);

    await transport.resolveEndpoint('us');
    vi.advanceTimersByTime(299_999);
    await transport.resolveEndpoint('de');
    expect(countries.calls).toHaveLength(1);

    vi.advanceTimersByTime(1);
    await transport.resolveEndpoint('de');
    expect(countries.calls).toHaveLength(2);
  });

  it('honours a configured TTL and shares one fetch between concurrent look-ups', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const countries = countriesHandler();
    server.use(countries.handler);
    const transport = createTransport({ ...BASE_OPTIONS, countriesCacheTtl: 1_000 });

    await Promise.all(['us', 'de', 'sg'].map((country) => transport.resolveEndpoint(country)));
    vi.advanceTimersByTime(1_000);
    await transport.resolveEndpoint('us');

    expect(countries.calls).toHaveLength(2);
  });

  it('validates the country code before anything is sent', async () => {
    const transport = createTransport(BASE_OPTIONS);

    await expect(transport.resolveEndpoint('usa')).rejects.toThrow(InputValidationError);
  });
});

describe('countries list failures', () => {
  it('propagates an HTTP error as a "Countries provider" server error, not cached', async () => {
    const failing = createRecordingHandler('GET', DEFAULT_COUNTRIES_URL, () => errorResponse(500));
    server.use(failing.handler);
    const transport = createTransport(BASE_OPTIONS);

    const error = await transport.resolveEndpoint('us').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StorageServerError);
    expect(error).toMatchObject({ status: 500 });
    expect((error as Error).message).toMatch(/^Countries provider request to .* failed: 500/);
    server.use(countriesHandler().handler);
    expect((await transport.resolveEndpoint('us')).host).toBe(popHost('us'));
  });

  it('reports an unreachable list as a network error', async () => {
    server.use(createRecordingHandler('GET', DEFAULT_COUNTRIES_URL, networkError).handler);
    const transport = createTransport(BASE_OPTIONS);

    const error = await transport.resolveEndpoint('us').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toContain('Countries provider');
  });

  it.each([
    ['not JSON', () => new Response('<html>', { status: 200 }), 'not valid JSON'],
    ['no countries', () => Response.json({ data: [] }), 'countries: missing'],
    [
      'a three-letter id',
      () => Response.json({ countries: [{ id: 'USA', direct: true, region: 'AMER' }] }),
      'countries.0.id',
    ],
    [
      'a missing region',
      () => Response.json({ countries: [{ id: 'US', direct: true }] }),
      'countries.0.region',
    ],
    [
      'direct: null',
      () => Response.json({ countries: [{ id: 'US', direct: null, region: 'AMER' }] }),
      'countries.0.direct',
    ],
  ])('refuses a body with %s', async (_case, respond, fragment) => {
    server.use(createRecordingHandler('GET', DEFAULT_COUNTRIES_URL, respond).handler);
    const transport = createTransport(BASE_OPTIONS);

    const error = await transport.resolveEndpoint('us').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StorageServerResponseValidationError);
    expect((error as Error).message).toContain('Countries provider');
    expect((error as Error).message).toContain(fragment);
  });

  it('never reaches the countries list with a bad option', () => {
    expect(() => createTransport({ ...BASE_OPTIONS, countriesEndpoint: 'countries' })).toThrow(
      StorageConfigValidationError,
    );
  });
});
