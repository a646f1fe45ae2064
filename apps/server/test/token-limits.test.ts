// Failed token requests over real sockets: counted per (client, address) and per address, never
// per client id alone; 429 with Retry-After, the right secret working again after it; one log
// line per refusal start, naming only a registered client id, never the secret; X-Forwarded-For
// read only from trusted proxies.

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NewClient } from '../src/environments/environment-registry.ts';
import type { Logger } from '../src/logger.ts';
import { type RunningServer, startServer } from '../src/start-server.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';

const warnings: string[] = [];
const logger: Logger = {
  info: () => undefined,
  warn: (message) => warnings.push(message),
  error: (message) => warnings.push(message),
};

async function serverWith(
  options: Parameters<typeof startHarness>[0],
): Promise<{ harness: AppHarness; server: RunningServer }> {
  const harness = await startHarness({ logger, ...options });
  const server = await startServer({ app: harness.app });
  return { harness, server };
}

function tokenRequest(
  url: string,
  clientId: string,
  secret: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: 'grant_type=client_credentials',
  });
}

// Each test starts two windows after the last one, so no count carries over.
let clock = Date.now();
function freshWindow(): number {
  vi.useFakeTimers({ toFake: ['Date'] });
  clock += 120_000;
  vi.setSystemTime(clock);
  return clock;
}

async function statuses(count: number, send: (index: number) => Promise<Response>) {
  const seen: number[] = [];
  for (let index = 0; index < count; index += 1) seen.push((await send(index)).status);
  return seen;
}

describe('failed token requests with the default limits', () => {
  let harness: AppHarness;
  let server: RunningServer;
  let client: NewClient;
  beforeAll(async () => {
    ({ harness, server } = await serverWith({}));
    client = harness.clientA;
  }, HARNESS_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
    await harness.close();
  });
  afterEach(() => {
    vi.useRealTimers();
    warnings.length = 0;
  });

  it('stops a guessing loop on one client within 20 failures; the right secret works after Retry-After', async () => {
    const start = freshWindow();
    const seen = await statuses(20, () => tokenRequest(server.url, client.clientId, 'guess'));
    expect(seen.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(seen.slice(10)).toEqual(Array(10).fill(429));
    const refused = await tokenRequest(server.url, client.clientId, client.clientSecret);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      error: 'slow_down',
      error_description: 'Too many failed token requests',
      error_hint: `retry after ${retryAfter} s`,
      status_code: 429,
    });
    vi.setSystemTime(start + retryAfter * 1000 + 1000);
    expect((await tokenRequest(server.url, client.clientId, client.clientSecret)).status).toBe(200);
  });

  it('stops a loop over many client ids from one address within 20 failures', async () => {
    const start = freshWindow();
    const seen = await statuses(25, (index) => tokenRequest(server.url, `guess-${index}`, 's'));
    expect(seen.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(seen.slice(20)).toEqual(Array(5).fill(429));
    // The address is refused for every client, the right one included, until the window ends.
    expect((await tokenRequest(server.url, client.clientId, client.clientSecret)).status).toBe(429);
    vi.setSystemTime(start + 61_000);
    expect((await tokenRequest(server.url, client.clientId, client.clientSecret)).status).toBe(200);
  });

  it('ignores X-Forwarded-For from an untrusted peer', async () => {
    freshWindow();
    const seen = await statuses(11, (index) =>
      tokenRequest(server.url, client.clientId, 'guess', { 'x-forwarded-for': `10.0.0.${index}` }),
    );
    expect(seen[10]).toBe(429);
  });

  it('logs the refusal once, with a registered client id and the address, never the secret', async () => {
    freshWindow();
    await statuses(12, () => tokenRequest(server.url, client.clientId, 'the-secret-guess'));
    const lines = warnings.filter((line) => line.includes('token requests refused'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`client ${JSON.stringify(client.clientId)} from "127.0.0.1"`);
    expect(warnings.join('\n')).not.toContain('the-secret-guess');
  });

  it('logs an unregistered client id as such: a submitted value never reaches the log', async () => {
    freshWindow();
    const hostileId = 'evil\r\n2026-01-01 info forged line';
    await statuses(12, () => tokenRequest(server.url, hostileId, 'the-secret-guess'));
    const lines = warnings.filter((line) => line.includes('token requests refused'));
    expect(lines).toEqual([
      'token requests refused for 60 s at most: 10 failed attempts by an unregistered client id from "127.0.0.1"',
    ]);
    expect(warnings.join('\n')).not.toContain('evil');
  });
});

describe('failed token requests behind a trusted proxy', () => {
  let harness: AppHarness;
  let server: RunningServer;
  beforeAll(async () => {
    ({ harness, server } = await serverWith({ trustedProxies: ['127.0.0.0/8'] }));
  }, HARNESS_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
    await harness.close();
  });

  it('counts per forwarded address: an attacker knowing a client id cannot lock its owner out', async () => {
    const { clientA } = harness;
    const attacker = { 'x-forwarded-for': '203.0.113.7' };
    const owner = { 'x-forwarded-for': '198.51.100.2, 127.0.0.1' };
    const seen = await statuses(12, () =>
      tokenRequest(server.url, clientA.clientId, 'guess', attacker),
    );
    expect(seen.slice(10)).toEqual([429, 429]);
    expect(
      (await tokenRequest(server.url, clientA.clientId, clientA.clientSecret, owner)).status,
    ).toBe(200);
    expect(
      (await tokenRequest(server.url, clientA.clientId, clientA.clientSecret, attacker)).status,
    ).toBe(429);
  });
});
