// `/metrics` on a real socket after traffic full of distinctive values: a record key in an SSE
// path, a body, a wrong client secret, an unknown route, an unserved country, both kinds of
// 429. The series counted are there with the right labels and counts; no submitted value is.

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/start-server.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from '../support/app-harness.ts';
import { type CapturedLog, captureJsonLog } from '../support/log-capture.ts';
import { startSlowRequest } from '../support/slow-request.ts';

const RECORD_KEY = 'rk-METRIC-LEAK-7731';
const BODY = 'body-METRIC-LEAK-9921';
const WRONG_SECRET = 'secret-METRIC-LEAK-4410';
const UNKNOWN_ROUTE = '/no-such-route-ZEBRA-5512';
const UNSERVED = '/v2/storage/records/qx/find';
const FORGED = 'FORGED-HEADER-8830%0d%0a{"level":"error"}';
// Header values with a raw CR LF in them, as only a raw socket can send: a forged log line and an
// obs-fold continuation.
const RAW_FORGERIES = [
  'X-Forge: FORGED-RAW-1\r\n{"level":"error","msg":"FORGED-RAW-2"}\r\n',
  'X-Forge: FORGED-RAW-3\r\n FORGED-FOLD-4\r\n',
];
const US = '/v2/storage/records/us';

let harness: AppHarness;
let server: RunningServer;
let log: CapturedLog;
let token: string;

async function tokenFor(secret: string): Promise<Response> {
  const basic = Buffer.from(`${harness.clientA.clientId}:${secret}`).toString('base64');
  return fetch(`${server.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=env-a',
  });
}

function authorized(extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'x-env-id': 'env-a',
    'content-type': 'application/json',
    'x-forge': FORGED,
    ...extra,
  };
}

async function scrape(): Promise<string> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

// Polls until the server holds the slow request (a hang guard ends a test that never gets there).
async function untilInFlight(count: number): Promise<void> {
  while (!(await scrape()).includes(`residency_http_requests_in_flight ${count + 1}`)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function gateRefusal(): Promise<void> {
  const record = JSON.stringify({ record_key: `${RECORD_KEY}-slow`, body: BODY });
  const slow = startSlowRequest(server.url, US, authorized(), record.slice(0, 10), record.length);
  await slow.sent;
  await untilInFlight(1);
  const refused = await fetch(`${server.url}${US}/find`, {
    method: 'POST',
    headers: authorized(),
    body: JSON.stringify({ filter: { record_key: RECORD_KEY } }),
  });
  expect(refused.status).toBe(429);
  expect((await slow.finish(record.slice(10))).status).toBe(200);
}

function rawAnswer(headerLines: string): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.end(`GET ${US}/${RECORD_KEY} HTTP/1.1\r\nHost: x\r\n${headerLines}\r\n`);
    });
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(received));
  });
}

async function traffic(): Promise<void> {
  token = (
    (await (await tokenFor(harness.clientA.clientSecret)).json()) as { access_token: string }
  ).access_token;
  const sse = authorized({ 'x-encrypted-storage': 'true' });
  const written = await fetch(`${server.url}${US}`, {
    method: 'POST',
    headers: sse,
    body: JSON.stringify({ record_key: RECORD_KEY, body: BODY }),
  });
  expect(written.status).toBe(200);
  const read = await fetch(`${server.url}${US}/${RECORD_KEY}`, { headers: sse });
  expect(await read.text()).toContain(BODY);
  expect((await fetch(`${server.url}${UNKNOWN_ROUTE}?q=${BODY}`)).status).toBe(404);
  const unserved = await fetch(`${server.url}${UNSERVED}`, {
    method: 'POST',
    headers: authorized(),
    body: JSON.stringify({ filter: { record_key: RECORD_KEY } }),
  });
  expect(unserved.status).toBe(404);
  expect((await tokenFor(WRONG_SECRET)).status).toBe(401);
  expect((await tokenFor(WRONG_SECRET)).status).toBe(401);
  expect((await tokenFor(WRONG_SECRET)).status).toBe(429);
  await gateRefusal();
  for (const forgery of RAW_FORGERIES) expect(await rawAnswer(forgery)).toMatch(/^HTTP\/1\.1 4/);
}

beforeAll(async () => {
  log = captureJsonLog();
  harness = await startHarness({
    logger: log.logger,
    tokenFailuresPerAddress: 2,
    environmentConcurrency: 1,
    environmentQueue: 0,
    recordsConcurrency: 0,
  });
  server = await startServer({ app: harness.app });
  await traffic();
}, HARNESS_TIMEOUT_MS);
afterAll(async () => {
  await server?.close();
  await harness?.close();
});

describe('GET /metrics', () => {
  it('counts requests by method, route template, served country and status', async () => {
    const text = await scrape();
    const requests = (labels: string): string => `residency_http_requests_total{${labels}}`;
    expect(text).toContain(
      `${requests('method="POST",route="/v2/storage/records/:country",country="us",status="200"')} 2`,
    );
    expect(text).toContain(
      `${requests('method="GET",route="/v2/storage/records/:country/:recordKey",country="us",status="200"')} 1`,
    );
    expect(text).toContain(
      `${requests('method="GET",route="none",country="none",status="404"')} 1`,
    );
    expect(text).toContain(
      `${requests('method="POST",route="/v2/storage/records/:country/find",country="none",status="404"')} 1`,
    );
    expect(text).toContain(
      `${requests('method="POST",route="/v2/storage/records/:country/find",country="us",status="429"')} 1`,
    );
    expect(text).toContain(
      `${requests('method="POST",route="/oauth2/token",country="none",status="401"')} 2`,
    );
    expect(text).toMatch(
      /residency_http_request_duration_seconds_count\{route="\/v2\/storage\/records\/:country",status="200"\} 2/,
    );
    expect(text).toContain('residency_http_requests_in_flight 1');
  });

  it('counts rate-limit refusals by kind, store connections, and process metrics', async () => {
    const text = await scrape();
    expect(text).toContain('residency_rate_limit_refusals_total{kind="token_attempts"} 1');
    expect(text).toContain('residency_rate_limit_refusals_total{kind="environment_gate"} 1');
    expect(text).toContain('residency_store_connections{state="idle"} 1');
    expect(text).toContain('residency_store_connections{state="in_use"} 0');
    expect(text).toContain('residency_store_queries_waiting 0');
    expect(text).toContain('residency_store_open{country="us"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('holds no record key, body, secret, token, path or header value', async () => {
    const text = await scrape();
    for (const value of [
      RECORD_KEY,
      BODY,
      WRONG_SECRET,
      harness.clientA.clientSecret,
      harness.clientA.clientId,
      token,
      'ZEBRA',
      'qx',
      'FORGED',
    ]) {
      expect(text).not.toContain(value);
    }
  });
});

describe('request log lines', () => {
  it('writes one JSON line per request with its labels, and no submitted value', () => {
    const entries = log.parsed();
    const requests = entries.filter((entry) => entry.msg === 'request');
    const read = requests.find(
      (entry) => entry.route === '/v2/storage/records/:country/:recordKey',
    );
    expect(read).toMatchObject({
      level: 'info',
      method: 'GET',
      country: 'us',
      environmentId: 'env-a',
      status: 200,
    });
    expect(typeof read?.requestId).toBe('string');
    expect(typeof read?.durationMs).toBe('number');
    expect(Object.keys(read ?? {}).sort()).toEqual(
      ['country', 'durationMs', 'environmentId', 'level', 'method', 'msg', 'requestId']
        .concat(['route', 'status', 'time'])
        .sort(),
    );
    const unserved = requests.find((entry) => entry.status === 404 && entry.route !== 'none');
    expect(unserved).toBeDefined();
    expect(unserved).not.toHaveProperty('country');
    expect(requests.filter((entry) => entry.route === '/metrics')).toEqual([]);
    const all = log.lines.join('');
    for (const value of [RECORD_KEY, BODY, WRONG_SECRET, harness.clientA.clientSecret, token]) {
      expect(all).not.toContain(value);
    }
    expect(all).not.toMatch(/ZEBRA|FORGED|qx/);
    expect(entries.every((entry) => typeof entry.level === 'string')).toBe(true);
  });
});
