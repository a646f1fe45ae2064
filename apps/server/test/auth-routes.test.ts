import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { issueAccessToken } from '../src/auth/access-token.ts';
import { DEFAULT_COUNTRIES } from '../src/config/countries.ts';
import { loadServerConfig } from '../src/config/load-config.ts';
import { EnvironmentRegistry } from '../src/environments/environment-registry.ts';
import { writeJsonFileAtomic } from '../src/files/atomic-file.ts';
import { createSilentLogger } from '../src/logger.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';
import { expectErrors } from './support/responses.ts';

let harness: AppHarness;
beforeAll(async () => {
  harness = await startHarness();
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());
afterEach(() => {
  vi.useRealTimers();
});

function tokenRequest(
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    harness.app.request('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    }),
  );
}

function basic(clientId: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` };
}

// Passes authentication, then stops at the country check: no database is opened.
const AUTHORIZED_PATH = '/v2/storage/records/zz/some-key';

describe('POST /oauth2/token', () => {
  it('issues a bearer token to a client authenticated with Basic', async () => {
    const { clientA } = harness;
    const response = await tokenRequest(
      {
        grant_type: 'client_credentials',
        scope: clientA.environmentId,
        audience: 'http://a http://b',
      },
      basic(clientA.clientId, clientA.clientSecret),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['access_token', 'expires_in', 'token_type', 'scope']);
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'bearer', scope: 'env-a' });
    expect(typeof body.access_token).toBe('string');
  });

  it('accepts form credentials, and decodes + and %20 alike', async () => {
    const { clientA } = harness;
    const body = `scope=env%2Da&grant_type=client_credentials&audience=http%3A%2F%2Fa+http%3A%2F%2Fb%20c&client_id=${clientA.clientId}&client_secret=${encodeURIComponent(clientA.clientSecret)}`;
    const response = await harness.app.request('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    expect(response.status).toBe(200);
  });

  it.each([
    [
      'a wrong secret',
      (id: string, secret: string) => basic(id, `${secret}x`),
      401,
      'invalid_client',
    ],
    [
      'an unknown client',
      (_id: string, secret: string) => basic('nobody', secret),
      401,
      'invalid_client',
    ],
    ['malformed Basic', () => ({ authorization: 'Basic !!' }), 401, 'invalid_client'],
    ['no credentials', () => ({}), 401, 'invalid_client'],
  ])('refuses %s', async (_name, headers, status, code) => {
    const { clientA } = harness;
    const response = await tokenRequest(
      { grant_type: 'client_credentials' },
      headers(clientA.clientId, clientA.clientSecret),
    );
    expect(response.status).toBe(status);
    expect(response.headers.get('www-authenticate')).toContain('Basic');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: code });
    expect(JSON.stringify(body)).not.toContain(clientA.clientSecret);
  });

  it.each([
    [{ grant_type: 'client_credentials', scope: 'env-b' }, 'invalid_scope'],
    [{ scope: 'env-a' }, 'invalid_request'],
    [{ grant_type: 'password' }, 'unsupported_grant_type'],
  ])('refuses %j with 400', async (form, code) => {
    const { clientA } = harness;
    const response = await tokenRequest(form, basic(clientA.clientId, clientA.clientSecret));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: code,
      error_description: expect.stringMatching(/^The .+[^.]$/),
      error_hint: expect.any(String),
      status_code: 400,
    });
  });

  it('answers a foreign scope with the platform body the Node SDK checks, word for word', async () => {
    const { clientA } = harness;
    const response = await tokenRequest(
      { grant_type: 'client_credentials', scope: crypto.randomUUID() },
      basic(clientA.clientId, clientA.clientSecret),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_scope',
      error_description: 'The requested scope is invalid, unknown, or malformed',
      error_hint: "scope must be the client's environment id",
      status_code: 400,
    });
  });

  it('refuses a token body over 64 KiB with 413 and the OAuth body', async () => {
    const { clientA } = harness;
    const response = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'x'.repeat(70 * 1024) },
      basic(clientA.clientId, clientA.clientSecret),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_hint: 'the body is too large',
      status_code: 413,
    });
  });

  it('refuses a body that is not a form', async () => {
    const response = await harness.app.request('/oauth2/token', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...basic(harness.clientA.clientId, harness.clientA.clientSecret),
      },
      body: '{"grant_type":"client_credentials"}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('records authorization', () => {
  it('lets a valid token of the right environment through', async () => {
    const response = await harness.app.request(AUTHORIZED_PATH, {
      headers: await harness.headers(harness.clientA),
    });
    const [entry] = await expectErrors(response, 404);
    expect(entry).toMatchObject({ title: 'Not Found', source: 'country' });
  });

  it('refuses a missing or malformed Authorization with 401', async () => {
    for (const authorization of [undefined, 'Basic abc', 'Bearer', 'Bearer a b']) {
      const headers: Record<string, string> = {
        'x-env-id': 'env-a',
        ...(authorization === undefined ? {} : { authorization }),
      };
      const response = await harness.app.request(AUTHORIZED_PATH, { headers });
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      const [entry] = await expectErrors(response, 401);
      expect(entry).toMatchObject({ title: 'Unauthorized', source: 'Authorization' });
    }
  });

  it('refuses forged tokens with 401, without echoing them', async () => {
    const token = await harness.token(harness.clientA);
    const claims = {
      environmentId: 'env-a',
      clientId: harness.clientA.clientId,
      generation: 0,
      expiresAt: 4_000_000_000,
    };
    const forged = [
      `${token.slice(0, -2)}AA`,
      issueAccessToken(new Uint8Array(32), claims),
      issueAccessToken(harness.keys.tokenSigningKey, { ...claims, clientId: 'deleted-client' }),
      issueAccessToken(harness.keys.tokenSigningKey, { ...claims, generation: 1 }),
    ];
    for (const bad of forged) {
      const response = await harness.app.request(AUTHORIZED_PATH, {
        headers: { authorization: `Bearer ${bad}`, 'x-env-id': 'env-a' },
      });
      expect(await response.clone().text()).not.toContain(bad);
      await expectErrors(response, 401);
    }
  });

  it('refuses an expired token with 401', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const { clientA } = harness;
    const response = await tokenRequest(
      { grant_type: 'client_credentials' },
      basic(clientA.clientId, clientA.clientSecret),
    );
    const { access_token } = (await response.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${access_token}`, 'x-env-id': 'env-a' };
    vi.setSystemTime(start + 3_599_000);
    expect((await harness.app.request(AUTHORIZED_PATH, { headers })).status).toBe(404);
    vi.setSystemTime(start + 3_601_000);
    await expectErrors(await harness.app.request(AUTHORIZED_PATH, { headers }), 401);
  });

  it('refuses a token of another environment with 403', async () => {
    for (const envId of ['env-b', undefined]) {
      const headers = await harness.headers(harness.clientA);
      const sent: Record<string, string> = {
        authorization: headers.authorization as string,
        ...(envId === undefined ? {} : { 'x-env-id': envId }),
      };
      const [entry] = await expectErrors(
        await harness.app.request(AUTHORIZED_PATH, { headers: sent }),
        403,
      );
      expect(entry).toMatchObject({ title: 'Forbidden', source: 'x-env-id' });
    }
  });

  it('checks the country code: 400 when malformed, 404 when not served', async () => {
    const headers = await harness.headers(harness.clientA);
    const [malformed] = await expectErrors(
      await harness.app.request('/v2/storage/records/usa/k', { headers }),
      400,
    );
    expect(malformed?.source).toBe('country');
    await expectErrors(await harness.app.request('/v2/storage/records/1x/k', { headers }), 400);
  });

  it('sees an environment added while it runs, and forgets a removed one', async () => {
    const added = await EnvironmentRegistry.forDataDir(harness.dataDir).addEnvironment('env-new');
    const response = await harness.app.request(AUTHORIZED_PATH, {
      headers: await harness.headers(added),
    });
    expect(response.status).toBe(404);
    const registry = EnvironmentRegistry.forDataDir(harness.dataDir);
    const remaining = (await registry.list()).filter(({ id }) => id !== 'env-new');
    await writeJsonFileAtomic(registry.path, { version: 1, environments: remaining });
    await expectErrors(
      await harness.app.request(AUTHORIZED_PATH, { headers: await harness.headers(added) }),
      401,
    );
  });
});

describe('public routes', () => {
  it('answers the health check without auth', async () => {
    const response = await harness.app.request('/healthcheck');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: 'ok' });
    expect(response.headers.get('x-inc-corr-id-resp')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists the served countries', async () => {
    const body = (await (await harness.app.request('/countries')).json()) as {
      countries: unknown[];
    };
    expect(body.countries).toContainEqual({
      id: 'DE',
      name: 'Germany',
      direct: true,
      region: 'EMEA',
    });
    expect(body.countries).toHaveLength(6);
  });

  it('lists every ISO 3166-1 country given to --countries, with its name and token region', async () => {
    const dataset = createRequire(import.meta.url)('world-countries/countries.json') as {
      cca2: string;
      name: { common: string };
      region: string;
      subregion: string;
      status: string;
    }[];
    const assigned = dataset.filter(({ status }) => status === 'officially-assigned');
    const config = await loadServerConfig({
      flags: { countries: assigned.map(({ cca2 }) => cca2.toLowerCase()).join(',') },
    });
    const app = createApp({
      ...harness,
      countries: config.countries,
      logger: createSilentLogger(),
    });
    const body = (await (await app.request('/countries')).json()) as { countries: unknown[] };
    // The InCountry grouping, restated from the UN regions: protocol.md §1.2, issue 12 item 4.
    const antarctic: Record<string, string> = {
      AQ: 'AMER',
      BV: 'AMER',
      GS: 'AMER',
      HM: 'APAC',
      TF: 'EMEA',
    };
    const expected = (entry: (typeof assigned)[number]): string => {
      if (entry.region === 'Antarctic') return antarctic[entry.cca2] ?? 'none';
      if (entry.region === 'Americas') return 'AMER';
      if (entry.region === 'Asia' && entry.subregion !== 'Western Asia') return 'APAC';
      return entry.region === 'Oceania' ? 'APAC' : 'EMEA';
    };
    expect(body.countries).toEqual(
      assigned.map((entry) => ({
        id: entry.cca2,
        name: entry.name.common,
        direct: true,
        region: expected(entry),
      })),
    );
  });

  it('answers unknown routes with a 404 errors body', async () => {
    await expectErrors(await harness.app.request('/v1/whatever'), 404);
    await expectErrors(await harness.app.request('/countries', { method: 'DELETE' }), 404);
  });

  it('matches paths with a trailing slash or a doubled leading slash', async () => {
    const headers = await harness.headers(harness.clientA);
    expect((await harness.app.request('/healthcheck/')).status).toBe(200);
    const [entry] = await expectErrors(
      await harness.app.request('http://localhost//v2/storage/records/zz/k', { headers }),
      404,
    );
    expect(entry?.source).toBe('country');
  });
});

describe('CORS', () => {
  it('answers preflights for the configured origins with the headers the SDK needs', async () => {
    const app = createApp({
      ...harness,
      countries: DEFAULT_COUNTRIES,
      corsOrigins: ['https://app.example'],
      logger: createSilentLogger(),
    });
    const preflight = await app.request('/v2/storage/records/us/find', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,x-env-id,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    // user-agent: the SDK sets it and Firefox sends it, so its preflight asks for it.
    for (const header of [
      'authorization',
      'content-type',
      'user-agent',
      'x-env-id',
      'x-encrypted-storage',
    ])
      expect(allowed).toContain(header);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    const actual = await app.request('/countries', { headers: { origin: 'https://app.example' } });
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(actual.headers.get('access-control-expose-headers')).toContain('Content-Disposition');
    const other = await app.request('/countries', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const response = await harness.app.request('/countries', {
      headers: { origin: 'https://app.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
