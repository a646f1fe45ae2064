import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../src/cli/run-cli.ts';
import { createSilentLogger } from '../src/logger.ts';
import { captureJsonLog } from './support/log-capture.ts';

let dataDir: string;
let out: string[];
let err: string[];
const stop: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'residency-cli-'));
  out = [];
  err = [];
});
afterEach(async () => {
  for (const close of stop.splice(0)) await close();
  await rm(dataDir, { recursive: true, force: true });
});

function io(env: Record<string, string> = {}): CliIo {
  return {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    cwd: dataDir,
    logger: createSilentLogger(),
  };
}

async function serve(
  args: string[] = [],
): Promise<{ url: string; credentials: Record<string, string> }> {
  const result = await runCli(['--data', dataDir, '--port', '0', ...args], io());
  expect(result.exitCode).toBe(0);
  const server = result.server;
  if (server === undefined) throw new Error('no server');
  stop.push(() => server.close());
  const credentials = JSON.parse(
    await readFile(join(dataDir, 'credentials.json'), 'utf8'),
  ) as Record<string, string>;
  return { url: server.url, credentials };
}

async function token(credentials: Record<string, string>, url: string): Promise<Response> {
  return fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: `grant_type=client_credentials&scope=${credentials.environmentId}`,
  });
}

describe('residency-server', () => {
  it('creates a development client on first start, prints the SDK options and listens', async () => {
    const { url, credentials } = await serve();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(credentials)).toEqual([
      'environmentId',
      'clientId',
      'clientSecret',
      'endpoint',
      'authEndpoint',
      'countriesEndpoint',
    ]);
    expect(credentials).toMatchObject({
      environmentId: 'development',
      endpoint: url,
      authEndpoint: `${url}/oauth2/token`,
      countriesEndpoint: `${url}/countries`,
    });
    expect((await stat(join(dataDir, 'credentials.json'))).mode & 0o777).toBe(0o600);
    const printed = out.join('');
    expect(printed).toContain(credentials.clientSecret);
    expect(printed).toContain('"authEndpoints"');
    expect(printed).toContain('"oauth"');
    expect(printed).toContain('auth_endpoints');
    expect(printed.endsWith(`listening on ${url}\n`)).toBe(true);
    expect(err.join('')).toBe('');
    expect((await token(credentials, url)).status).toBe(200);
  });

  it('rewrites credentials.json on every start, and keeps tokens valid across restarts', async () => {
    const first = await serve();
    const issued = (await (await token(first.credentials, first.url)).json()) as {
      access_token: string;
    };
    await stop.pop()?.();
    out = [];
    const second = await serve();
    expect(out.join('')).toBe(`listening on ${second.url}\n`);
    expect(second.credentials).toMatchObject({
      clientId: first.credentials.clientId,
      endpoint: second.url,
    });
    const response = await fetch(`${second.url}/v2/storage/records/zz/k`, {
      headers: { authorization: `Bearer ${issued.access_token}`, 'x-env-id': 'development' },
    });
    expect(response.status).toBe(404); // authorized, then: country not served
  });

  it('serves --countries se,fr,jp, listing them with their names and regions', async () => {
    const { url } = await serve(['--countries', 'se,fr,jp']);
    const response = await fetch(`${url}/countries`);
    expect(await response.json()).toEqual({
      countries: [
        { id: 'SE', name: 'Sweden', direct: true, region: 'EMEA' },
        { id: 'FR', name: 'France', direct: true, region: 'EMEA' },
        { id: 'JP', name: 'Japan', direct: true, region: 'APAC' },
      ],
    });
  });

  it('logs serve in the configured format and guards /metrics with --metrics-token', async () => {
    const log = captureJsonLog();
    const formats: (string | undefined)[] = [];
    const result = await runCli(
      ['--data', dataDir, '--port', '0', '--countries', 'de', '--log-format', 'json'],
      {
        ...io({ RESIDENCY_METRICS_TOKEN: 'cli-scrape-token-0123' }),
        loggerFor: (config) => {
          formats.push(config.logFormat);
          return log.logger;
        },
      },
    );
    const server = result.server;
    if (server === undefined) throw new Error('no server');
    stop.push(() => server.close());
    expect(formats).toEqual(['json']);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer cli-scrape-token-0123' },
    });
    expect(metrics.status).toBe(200);
    await fetch(`${server.url}/countries`);
    expect(log.parsed()).toContainEqual(
      expect.objectContaining({ msg: 'request', route: '/countries', status: 200 }),
    );
  });

  it('adds an environment that the running server accepts at once', async () => {
    const { url } = await serve();
    out = [];
    const added = await runCli(['env', 'add', 'staging', '--data', dataDir], io());
    expect(added.exitCode).toBe(0);
    const client = JSON.parse(out.join('')) as Record<string, string>;
    expect(Object.keys(client)).toEqual(['environmentId', 'clientId', 'clientSecret']);
    expect(client.environmentId).toBe('staging');
    const response = await token(client, url);
    expect(response.status).toBe(200);
    expect(await runCli(['env', 'add', 'staging', '--data', dataDir], io())).toEqual({
      exitCode: 1,
    });
    expect(err.join('')).toContain('exists already');
  });

  it('serves HTTPS with a certificate and key', async () => {
    const fixtures = join(import.meta.dirname, 'fixtures');
    const result = await runCli(
      [
        '--data',
        dataDir,
        '--port',
        '0',
        '--tls-cert',
        join(fixtures, 'tls-cert.pem'),
        '--tls-key',
        join(fixtures, 'tls-key.pem'),
      ],
      io(),
    );
    const server = result.server;
    if (server === undefined) throw new Error(err.join(''));
    stop.push(() => server.close());
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await new Promise<{ status: number | undefined; hsts: string | undefined }>(
      (resolve, reject) => {
        get(
          `${server.url}/healthcheck`,
          { ca: readFileSync(join(fixtures, 'tls-cert.pem')) },
          (response) => {
            response.resume();
            resolve({
              status: response.statusCode,
              hsts: response.headers['strict-transport-security'],
            });
          },
        ).on('error', reject);
      },
    );
    // Over TLS the answer pins the name to HTTPS (HSTS); over plain HTTP it never does.
    expect(answer).toEqual({ status: 200, hsts: 'max-age=31536000' });
  });

  it.each([
    [['--bogus'], 2, "Unknown option '--bogus'"],
    [['--port'], 2, 'argument missing'],
    [['--port', 'x'], 1, 'port (flag --port) must be an integer'],
    [['--countries', 'us,xx'], 1, 'countries (flag --countries) names an unknown country'],
    [['--tls-cert', 'missing.pem', '--tls-key', 'missing.pem'], 1, 'no such file'],
  ])('exits non-zero with a message for %j', async (args, exitCode, message) => {
    const result = await runCli(['--data', dataDir, ...args], io());
    expect(result.exitCode).toBe(exitCode);
    expect(result.server).toBeUndefined();
    expect(err.join('')).toContain(message);
    expect(err.join('')).toMatch(/^residency-server: /);
  });

  it('does not listen when the PostgreSQL control plane cannot be opened, and says so in one line', async () => {
    const url = 'postgres://someone:very-secret@127.0.0.1:1/residency';
    const result = await runCli(
      ['--data', dataDir, '--port', '0', '--countries', 'de,gb', '--postgres-url', url],
      io(),
    );
    expect(result).toEqual({ exitCode: 1 });
    expect(out.join('')).not.toContain('listening');
    expect(err).toEqual([
      expect.stringMatching(
        /^residency-server: cannot open the PostgreSQL control plane: [^\n]*ECONNREFUSED[^\n]*\n$/,
      ),
    ]);
    expect(err.join('')).not.toContain('very-secret');
  });

  it('prints help', async () => {
    expect(await runCli(['--help'], io())).toEqual({ exitCode: 0 });
    expect(out.join('')).toContain('residency-server env add NAME');
  });
});
