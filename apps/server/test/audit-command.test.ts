// `residency-server audit`: its filters, and each way it reaches the log — the running server's
// operator route, the PGlite folder itself once no server holds it, PostgreSQL directly.

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../src/cli/run-cli.ts';
import { createSilentLogger } from '../src/logger.ts';
import { createPostgresStores } from '../src/store/index.ts';
import { makeRecord } from './support/record-fixtures.ts';
import { hashedKey } from './support/records.ts';
import { createTestDatabase, stopOwnPostgres, testPostgres } from './support/test-postgres.ts';

let dataDir: string;
let out: string[];
let err: string[];
const stop: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'residency-audit-cli-'));
  out = [];
  err = [];
});
afterEach(async () => {
  for (const close of stop.splice(0)) await close();
  await rm(dataDir, { recursive: true, force: true });
});
afterAll(() => stopOwnPostgres(), 120_000);

function io(): CliIo {
  return {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: dataDir,
    logger: createSilentLogger(),
  };
}

function printedRows(): Record<string, unknown>[] {
  return out
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function writeThroughServer(url: string): Promise<string> {
  const credentials = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8'));
  const tokenResponse = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: credentials.environmentId,
    }).toString(),
  });
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  const headers = {
    authorization: `Bearer ${access_token}`,
    'x-env-id': credentials.environmentId,
    'content-type': 'application/json',
  };
  const key = hashedKey('cli-audited');
  const written = await fetch(`${url}/v2/storage/records/us`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ record_key: key, body: 'b' }),
  });
  expect(written.status).toBe(200);
  const read = await fetch(`${url}/v2/storage/records/us/${key}`, { headers });
  expect(read.status).toBe(200);
  return credentials.clientId as string;
}

describe('residency-server audit filters', () => {
  it.each([
    [[], 'country must be a two-letter country code'],
    [['--country', 'usa'], 'country must be a two-letter country code'],
    [['--country', 'us', '--since', 'yesterday'], 'since must be an ISO 8601'],
    [['--country', 'us', '--since', '2026-13-45T00:00Z'], 'since must be an ISO 8601'],
    [['--country', 'us', '--limit', '0'], 'limit must be an integer from 1 to 10000'],
    [['--country', 'us', '--limit', '2x'], 'limit must be an integer from 1 to 10000'],
    [['--country', 'us', '--environment', ''], 'environment must be'],
  ])('refuses %j with exit code 2 and a clear message', async (args, message) => {
    const result = await runCli(['audit', '--data', dataDir, ...args], io());
    expect(result.exitCode).toBe(2);
    expect(err.join('')).toContain(message);
    expect(out).toEqual([]);
  });

  it('refuses its flags on other commands, and a country not served or a folder without data', async () => {
    expect((await runCli(['--country', 'us'], io())).exitCode).toBe(2);
    expect(err.join('')).toContain('--country belongs to "audit"');
    const unserved = await runCli(['audit', '--data', dataDir, '--country', 'zz'], io());
    expect(unserved.exitCode).toBe(1);
    expect(err.join('')).toContain('country zz is not served');
    const empty = await runCli(['audit', '--data', dataDir, '--country', 'us'], io());
    expect(empty.exitCode).toBe(1);
    expect(err.join('')).toContain('no PGlite database in');
  });
});

describe('residency-server audit --data', () => {
  it('asks the running server, then reads the folder itself once the server stopped', async () => {
    const started = await runCli(['--data', dataDir, '--port', '0'], io());
    const server = started.server;
    if (server === undefined) throw new Error('no server');
    const clientId = await writeThroughServer(server.url);
    const credentialFile = await stat(join(dataDir, 'operator-credential'));
    expect(credentialFile.mode & 0o777).toBe(0o600);

    out = [];
    const asked = await runCli(['audit', '--data', dataDir, '--country', 'US'], io());
    expect(err.join('')).toBe('');
    expect(asked.exitCode).toBe(0);
    const viaServer = printedRows();
    expect(viaServer.map((row) => row.action).sort()).toEqual(['read', 'write']);
    for (const row of viaServer) {
      expect(row).toMatchObject({ client_id: clientId, country: 'us', status: 200 });
    }

    await server.close();
    await expect(stat(join(dataDir, 'operator-credential'))).rejects.toThrow();
    out = [];
    const direct = await runCli(
      ['audit', '--data', dataDir, '--country', 'us', '--limit', '1'],
      io(),
    );
    expect(direct.exitCode).toBe(0);
    const [newest] = printedRows();
    expect(printedRows()).toHaveLength(1);
    expect(viaServer).toContainEqual(newest);
  });

  it('names the problem when the server holding the folder cannot be asked', async () => {
    const started = await runCli(['--data', dataDir, '--port', '0'], io());
    const server = started.server;
    if (server === undefined) throw new Error('no server');
    stop.push(() => server.close());
    await rm(join(dataDir, 'operator-credential'));
    const result = await runCli(['audit', '--data', dataDir, '--country', 'us'], io());
    expect(result.exitCode).toBe(1);
    expect(err.join('')).toContain('published no operator credential');
  });
});

describe('residency-server audit --postgres-url', () => {
  it('reads the country database directly', async () => {
    const url = await createTestDatabase(await testPostgres(), 'audit_cli');
    const stores = await createPostgresStores({ url, countries: ['de'] });
    const store = await stores.country('de');
    const time = new Date('2026-05-01T00:00:00.000Z');
    const entry = {
      time,
      environment: 'env-1',
      clientId: 'client-1',
      action: 'write' as const,
      country: 'de',
      status: 200,
      requestId: 'request-1',
      keyHashes: [hashedKey('k')],
      keyCount: 1,
    };
    await store.write('env-1', [{ record: makeRecord('k') }], entry);
    await store.write('env-2', [{ record: makeRecord('k') }], { ...entry, environment: 'env-2' });
    await stores.close();
    const args = ['audit', '--postgres-url', url, '--countries', 'de', '--country', 'de'];
    const result = await runCli([...args, '--environment', 'env-1', '--since', '2026-04-30'], io());
    expect(err.join('')).toBe('');
    expect(result.exitCode).toBe(0);
    expect(printedRows()).toEqual([
      {
        time: '2026-05-01T00:00:00.000Z',
        environment: 'env-1',
        client_id: 'client-1',
        action: 'write',
        country: 'de',
        status: 200,
        request_id: 'request-1',
        key_hashes: [hashedKey('k')],
        key_count: 1,
      },
    ]);
  });

  it('reads a country database of a deployment with one database per country', async () => {
    const postgres = await testPostgres();
    const urls = {
      de: await createTestDatabase(postgres, 'audit_cli_de'),
      us: await createTestDatabase(postgres, 'audit_cli_us'),
    };
    const controlUrl = await createTestDatabase(postgres, 'audit_cli_control');
    const stores = await createPostgresStores({ urls, countries: ['de', 'us'] });
    const base = {
      time: new Date('2026-05-02T00:00:00.000Z'),
      environment: 'env-1',
      clientId: 'client-1',
      action: 'write' as const,
      status: 200,
      keyHashes: [hashedKey('k')],
      keyCount: 1,
    };
    const [de, us] = [await stores.country('de'), await stores.country('us')];
    await de.write('env-1', [{ record: makeRecord('k') }], {
      ...base,
      country: 'de',
      requestId: 'in-de',
    });
    await us.write('env-1', [{ record: makeRecord('k') }], {
      ...base,
      country: 'us',
      requestId: 'in-us',
    });
    await stores.close();
    // The operator's deployment file: the country databases, and the control plane's.
    const config = join(dataDir, 'deployment.json');
    await writeFile(config, JSON.stringify({ countries: ['de', 'us'], postgresUrls: urls }));
    const args = ['audit', '--config', config, '--control-url', controlUrl, '--country', 'us'];
    const result = await runCli(args, io());
    expect(err.join('')).toBe('');
    expect(result.exitCode).toBe(0);
    expect(printedRows().map((row) => [row.country, row.request_id])).toEqual([['us', 'in-us']]);
  });
});
