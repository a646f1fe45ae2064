// Two copies of the server on one PostgreSQL share the control plane: an environment added,
// rotated or removed through one copy, through the CLI, or through a third process is seen by
// the other; tokens issued before a rotation or removal get 401 on both; failed token requests
// spread over both copies reach the limit at the same total as on one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  recordStatus,
  requestToken,
  type ServerCopy,
  SHARED_KEYS,
  startCopy,
} from './integration-support/server-copies.ts';
import { runServerCommand } from './integration-support/spawned-server.ts';
import { createTestDatabase, testPostgres } from './support/test-postgres.ts';

let postgresUrl: string;
let first: ServerCopy;
let second: ServerCopy;

beforeAll(async () => {
  postgresUrl = await createTestDatabase(await testPostgres(), 'copies');
  // Waiting for a change counts the failed token requests before it: limits high enough.
  const limits = ['--token-failures-per-client', '1000', '--token-failures-per-address', '1000'];
  first = await startCopy(postgresUrl, limits);
  second = await startCopy(postgresUrl, limits);
}, 120_000);
afterAll(async () => {
  await first?.close();
  await second?.close();
});

async function tokenOf(url: string, client: Parameters<typeof requestToken>[1]): Promise<string> {
  const response = await requestToken(url, client);
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function accepted(url: string, client: Parameters<typeof requestToken>[1]) {
  const response = await requestToken(url, client);
  await response.body?.cancel();
  return response.status === 200;
}

describe('copies of the server on one PostgreSQL', () => {
  it('creates one development environment for both, and neither warns about keys', () => {
    const created = [first, second].filter(({ server }) => server.createdClient !== undefined);
    expect(created).toHaveLength(1);
    expect([...first.output.log, ...second.output.log].join('\n')).not.toContain('keys generated');
  });

  it('sees an environment the CLI adds, on both copies, after both cached the environments', async () => {
    const cached = first.server.credentials ?? second.server.credentials;
    if (cached === undefined) throw new Error('no development client');
    // Both copies have read the environments before: the change must reach their caches.
    expect(await accepted(first.url, cached)).toBe(true);
    expect(await accepted(second.url, cached)).toBe(true);
    const run = await runServerCommand(['env', 'add', 'from-cli', '--postgres-url', postgresUrl]);
    expect(run.exitCode).toBe(0);
    const client = JSON.parse(run.stdout) as Parameters<typeof requestToken>[1];
    await eventually(() => accepted(first.url, client), 'the first copy seeing from-cli');
    await eventually(() => accepted(second.url, client), 'the second copy seeing from-cli');
  }, 60_000);

  it('refuses on both copies a token issued before a rotation, and the old secret', async () => {
    const run = await runServerCommand(['env', 'add', 'rotating', '--postgres-url', postgresUrl]);
    const client = JSON.parse(run.stdout) as Parameters<typeof requestToken>[1];
    await eventually(() => accepted(second.url, client), 'the second copy seeing rotating');
    const token = await tokenOf(first.url, client);
    expect(await recordStatus(second.url, token, 'rotating')).toBe(404);
    const rotation = await runServerCommand([
      'env',
      'rotate-secret',
      'rotating',
      '--control-url',
      postgresUrl,
    ]);
    expect(rotation.exitCode).toBe(0);
    const rotated = JSON.parse(rotation.stdout) as Parameters<typeof requestToken>[1];
    for (const copy of [first, second]) {
      await eventually(
        async () => (await recordStatus(copy.url, token, 'rotating')) === 401,
        `${copy.url} refusing the token issued before the rotation`,
      );
      expect(await accepted(copy.url, client)).toBe(false);
      expect(await recordStatus(copy.url, await tokenOf(copy.url, rotated), 'rotating')).toBe(404);
    }
  }, 60_000);

  it('refuses on both copies a token of an environment removed', async () => {
    const run = await runServerCommand(['env', 'add', 'removed', '--postgres-url', postgresUrl]);
    const client = JSON.parse(run.stdout) as Parameters<typeof requestToken>[1];
    await eventually(() => accepted(first.url, client), 'the first copy seeing removed');
    await eventually(() => accepted(second.url, client), 'the second copy seeing removed');
    const tokens = [await tokenOf(first.url, client), await tokenOf(second.url, client)];
    const removal = await runServerCommand([
      'env',
      'remove',
      'removed',
      '--postgres-url',
      postgresUrl,
    ]);
    expect(JSON.parse(removal.stdout)).toEqual({ environmentId: 'removed', removed: true });
    for (const copy of [first, second]) {
      for (const token of tokens) {
        await eventually(
          async () => (await recordStatus(copy.url, token, 'removed')) === 401,
          `${copy.url} refusing a token of the removed environment`,
        );
      }
    }
  }, 60_000);

  it('counts failed token requests of both copies together', async () => {
    const run = await runServerCommand(['env', 'add', 'guessed', '--postgres-url', postgresUrl]);
    const client = JSON.parse(run.stdout) as Parameters<typeof requestToken>[1];
    // Two copies with a limit of 4 per client, started after the add: they know it at once.
    const limits = ['--token-failures-per-client', '4', '--token-failures-per-address', '1000'];
    const strict = [await startCopy(postgresUrl, limits), await startCopy(postgresUrl, limits)];
    try {
      await countFailuresOn(strict as [ServerCopy, ServerCopy], client);
    } finally {
      for (const copy of strict) await copy.close();
    }
  }, 60_000);

  it('warns in one line when a copy on PostgreSQL generates its keys', async () => {
    const copy = await startCopy(postgresUrl, [], {
      RESIDENCY_TOKEN_SIGNING_KEY: SHARED_KEYS.RESIDENCY_TOKEN_SIGNING_KEY,
    });
    try {
      const lines = copy.output.log.filter((line) => line.includes('keys generated'));
      expect(lines).toEqual([
        'warn keys generated in the data folder: every copy of a PostgreSQL server must share them; set RESIDENCY_SSE_KEY(_FILE)',
      ]);
    } finally {
      await copy.close();
    }
  }, 60_000);
});

async function countFailuresOn(
  [first, second]: [ServerCopy, ServerCopy],
  client: Parameters<typeof requestToken>[1],
): Promise<void> {
  const wrong = { ...client, clientSecret: `${client.clientSecret}x` };
  const statuses: number[] = [];
  for (const copy of [first, second, first, second]) {
    const response = await requestToken(copy.url, wrong);
    await response.body?.cancel();
    statuses.push(response.status);
  }
  expect(statuses).toEqual([401, 401, 401, 401]);
  // The limit (4) is reached in all: even the right secret waits, on either copy.
  for (const copy of [first, second]) {
    const response = await requestToken(copy.url, client);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  // Whatever a request names as its client id is counted, U+0000 included (never a 500).
  const odd = { ...wrong, clientId: `odd\u0000${'x'.repeat(5000)}` };
  const oddResponse = await requestToken(second.url, odd);
  await oddResponse.body?.cancel();
  expect(oddResponse.status).toBe(401);
  const warnings = [...first.output.log, ...second.output.log].filter((line) =>
    line.includes('4 failed attempts'),
  );
  expect(warnings).toHaveLength(1);
}
