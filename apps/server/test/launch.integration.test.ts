// `@residency/server/launch`, as the CLI's tests and the demos use it: the real binary in a
// child process on a free port, its credentials read, a token fetched with them over real HTTP,
// and a stop that ends the process and removes the temporary folder; a start that fails says why
// (the server's log) and leaves nothing behind.

import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerProcess, startServerProcess } from '@residency/server/launch';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchToken } from './integration-support/raw-http.ts';

// Server starts in child processes (tsx compiles the sources, PGlite opens) on 2 busy cores.
const TEST_TIMEOUT_MS = 240_000;

const started: ServerProcess[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The temporary folders with a prefix: removed by a stop only once the process has exited. */
async function foldersNamed(prefix: string): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith(prefix));
}

async function start(options: Parameters<typeof startServerProcess>[0] = {}) {
  const server = await startServerProcess({ args: ['--countries', 'de'], ...options });
  started.push(server);
  return server;
}

/** The error a start that must fail rejects with. */
async function startFailure(options: Parameters<typeof startServerProcess>[0]): Promise<Error> {
  try {
    await start(options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the start succeeded');
}

describe('startServerProcess', () => {
  it(
    'starts the server on a temporary folder, whose credentials get a token; stop ends it',
    async () => {
      const server = await start({ tempPrefix: 'residency-launch-test-' });
      expect(server.dataDir).toContain('residency-launch-test-');
      expect(server.credentials.endpoint).toBe(server.url);
      expect(server.credentialsPath).toBe(join(server.dataDir, 'credentials.json'));

      const health = await fetch(`${server.url}/healthcheck`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ result: 'ok' });
      const token = await fetchToken(server.url, server.credentials);
      expect(token.length).toBeGreaterThan(0);

      await server.stop();
      expect(await server.exited).toBe(0);
      expect(isRunning(server.pid)).toBe(false);
      expect(existsSync(server.dataDir)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "keeps the caller's folder, and refuses the credentials.json of an earlier start",
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'residency-launch-test-'));
      folders.push(dataDir);
      const first = await start({ dataDir });
      await first.stop();
      expect(existsSync(first.credentialsPath)).toBe(true);
      // Without the development client's secret the server writes no credentials.json, and the
      // first start's file is still there: it must not be taken for this start's.
      await unlink(join(dataDir, 'development-client.json'));

      const error = await startFailure({ dataDir });
      expect(error.message).toMatch(/wrote no .*credentials\.json on this start/);
      expect(error.message).toContain('holds no development client secret');
      expect(error.message).not.toContain(first.credentials.clientSecret);
      expect(existsSync(dataDir)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a server that exits before it is ready: the exit and its log; no folder left',
    async () => {
      const prefix = `residency-launch-bad-${process.pid}-`;
      const error = await startFailure({ args: ['--no-such-flag'], tempPrefix: prefix });
      expect(error.message).toContain('exited (code 2) before it was ready');
      expect(error.message).toContain('--no-such-flag');
      expect(await foldersNamed(prefix)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a server not ready in time: stopped, its folder removed, and the error says so',
    async () => {
      const prefix = `residency-launch-slow-${process.pid}-`;
      const error = await startFailure({ startTimeoutMs: 1, tempPrefix: prefix });
      expect(error.message).toContain('was not ready within 1 ms');
      expect(await foldersNamed(prefix)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
