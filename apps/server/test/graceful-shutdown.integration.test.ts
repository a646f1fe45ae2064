// SIGTERM to the real `residency-server` process while a batch write is in flight: the process
// stops taking connections, lets the batch finish (its whole answer arrives) or, past
// `--drain-timeout`, cuts it; either way it exits 0, and a new server on the same data folder
// finds every record of the batch or none of them, never a part.

import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rawClient } from './integration-support/raw-http.ts';
import { type SpawnedServer, spawnServer } from './integration-support/spawned-server.ts';
import { startSlowRequest } from './support/slow-request.ts';

const BATCH_SIZE = 100;
const BATCH_PATH = '/v2/storage/records/us/batchWrite';
const FLAGS = ['--countries', 'us'];
// Two server starts in child processes (tsx, PGlite) on 2 busy cores.
const TEST_TIMEOUT_MS = 240_000;

let dataDir: string | undefined;
const servers: SpawnedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop('SIGKILL')));
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

async function start(flags: readonly string[]): Promise<SpawnedServer> {
  dataDir ??= await mkdtemp(join(tmpdir(), 'residency-drain-'));
  const server = await spawnServer(dataDir, [...FLAGS, ...flags]);
  servers.push(server);
  return server;
}

function batchKeys(name: string): string[] {
  return Array.from({ length: BATCH_SIZE }, (_, index) => `${name}-${index}`);
}

// Polls (a hang guard ends a test that never gets there).
async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Sends all but the end of a batch write, and waits until the server is handling it. */
async function batchInFlight(server: SpawnedServer, keys: readonly string[]) {
  const token = await rawClient(server.url, server.credentials).token();
  const body = JSON.stringify({
    records: keys.map((record_key) => ({ record_key, body: `body of ${record_key}` })),
  });
  const headers = {
    authorization: `Bearer ${token}`,
    'x-env-id': server.credentials.environmentId,
    'content-type': 'application/json',
  };
  const cutAt = body.length - 20;
  const request = startSlowRequest(
    server.url,
    BATCH_PATH,
    headers,
    body.slice(0, cutAt),
    body.length,
  );
  await request.sent;
  await until(async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    return metrics.includes('residency_http_requests_in_flight 2');
  });
  return { request, rest: body.slice(cutAt) };
}

async function terminate(server: SpawnedServer): Promise<void> {
  server.signal('SIGTERM');
  await until(() => server.log().includes('SIGTERM: shutting down'));
}

function connectionError(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** How many of the keys a new server on the same data folder finds. */
async function presentAfterRestart(keys: readonly string[]): Promise<number> {
  const server = await start([]);
  const client = rawClient(server.url, server.credentials);
  let present = 0;
  for (const key of keys) {
    const response = await client.send('GET', `/v2/storage/records/us/${key}`);
    expect([200, 404]).toContain(response.status);
    if (response.status === 200) present += 1;
    await response.body?.cancel();
  }
  expect(await server.stop('SIGTERM')).toBe('exit 0');
  return present;
}

describe('SIGTERM', { timeout: TEST_TIMEOUT_MS }, () => {
  it('lets a batch write in flight finish whole, refusing new connections meanwhile', async () => {
    const server = await start([]);
    const keys = batchKeys('finished');
    const { request, rest } = await batchInFlight(server, keys);
    await terminate(server);
    // The listening socket closes right after the signal's log line: poll until it has.
    await until(async () => (await connectionError(server.url)) === 'ECONNREFUSED');
    const answer = await request.finish(rest);
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { records: unknown[] }).records).toHaveLength(BATCH_SIZE);
    expect(await server.exited).toBe('exit 0');
    expect(await presentAfterRestart(keys)).toBe(BATCH_SIZE);
  });

  it('cuts a batch write that outlives the drain timeout: none of it is stored', async () => {
    const server = await start(['--drain-timeout', '1']);
    const keys = batchKeys('cut');
    const { request } = await batchInFlight(server, keys);
    await terminate(server);
    await expect(request.answer).rejects.toThrow();
    expect(await server.exited).toBe('exit 0');
    expect(server.log()).toContain('drain timeout (1 s) reached');
    expect(await presentAfterRestart(keys)).toBe(0);
  });
});
