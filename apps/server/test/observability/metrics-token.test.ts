// `/metrics` with a `metricsToken`: the right bearer token scrapes, a wrong or missing one gets
// 401 with the API's error body (which never quotes the token). Two apps in one process each
// have their own registry: neither collides with nor counts the other's requests.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { DEFAULT_COUNTRIES } from '../../src/config/countries.ts';
import { createSilentLogger } from '../../src/logger.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from '../support/app-harness.ts';

const METRICS_TOKEN = 'scrape-TOKEN-0123456789';

let harness: AppHarness;
beforeAll(async () => {
  harness = await startHarness({ metricsToken: METRICS_TOKEN });
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness?.close());

function scrape(authorization?: string): Promise<Response> {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  return Promise.resolve(harness.app.request('/metrics', { headers }));
}

describe('GET /metrics with a metrics token', () => {
  it('answers the right bearer token', async () => {
    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('# TYPE residency_http_requests_total counter');
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer scrape-TOKEN-0123456780'],
    ['a prefix of the token', `Bearer ${METRICS_TOKEN.slice(0, -1)}`],
    ['the token longer', `Bearer ${METRICS_TOKEN}x`],
    ['Basic credentials', `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`],
  ])('refuses %s with 401 and the API error body', async (_case, authorization) => {
    const response = await scrape(authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      errors: [
        {
          title: 'Unauthorized',
          source: 'Authorization',
          detail: 'must be "Bearer <metrics token>"',
        },
      ],
    });
    expect(text).not.toContain(METRICS_TOKEN.slice(0, 12));
  });
});

describe('two apps in one process', () => {
  it('keep separate registries', async () => {
    const options = {
      stores: harness.stores,
      environments: harness.environments,
      keys: harness.keys,
      countries: DEFAULT_COUNTRIES,
      logger: createSilentLogger(),
    };
    const first = createApp(options);
    const second = createApp(options);
    await first.request('/livez');
    await first.request('/livez');
    await second.request('/livez');
    const count = async (app: typeof first): Promise<string | undefined> => {
      const text = await (await app.request('/metrics')).text();
      return /residency_http_requests_total\{method="GET",route="\/livez"[^}]*\} (\d+)/.exec(
        text,
      )?.[1];
    };
    expect(await count(first)).toBe('2');
    expect(await count(second)).toBe('1');
  });
});
