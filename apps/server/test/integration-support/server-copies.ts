// Copies of the server on one PostgreSQL database, in this process, each with its own data
// folder, as a scaled-out deployment runs them behind a load balancer: `runCli` serves each one
// exactly as the binary does (its stderr lines and log kept for the test), with shared keys.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, runCli } from '../../src/cli/run-cli.ts';
import type { LaunchedServer, Logger } from '../../src/index.ts';

/** Keys every copy shares (generated ones would differ per data folder). */
export const SHARED_KEYS: {
  readonly RESIDENCY_TOKEN_SIGNING_KEY: string;
  readonly RESIDENCY_SSE_KEY: string;
} = Object.freeze({
  RESIDENCY_TOKEN_SIGNING_KEY: randomBytes(32).toString('base64'),
  RESIDENCY_SSE_KEY: randomBytes(32).toString('base64'),
});

/** One running copy and what it printed. */
export interface ServerCopy {
  readonly server: LaunchedServer;
  readonly url: string;
  readonly dataDir: string;
  /** Its stdout, stderr and log lines so far. */
  readonly output: { stdout: string[]; stderr: string[]; log: string[] };
  close(): Promise<void>;
}

function collectingIo(
  dataDir: string,
  env: Record<string, string>,
): { io: CliIo; output: ServerCopy['output'] } {
  const output = { stdout: [] as string[], stderr: [] as string[], log: [] as string[] };
  const line = (level: string) => (message: string) => output.log.push(`${level} ${message}`);
  const logger: Logger = { info: line('info'), warn: line('warn'), error: line('error') };
  return {
    io: {
      stdout: (text) => output.stdout.push(text),
      stderr: (text) => output.stderr.push(text),
      env,
      cwd: dataDir,
      logger,
    },
    output,
  };
}

/**
 * Starts a copy of the server on a PostgreSQL database.
 * @param postgresUrl The database (countries and control plane).
 * @param flags More flags, e.g. `['--token-failures-per-client', '4']`.
 * @param env Environment variables; default the shared keys.
 * @returns The copy; `close()` stops it and removes its data folder.
 * @throws Error with its stderr when it does not start.
 */
export async function startCopy(
  postgresUrl: string,
  flags: readonly string[] = [],
  env: Record<string, string> = { ...SHARED_KEYS },
): Promise<ServerCopy> {
  const dataDir = await mkdtemp(join(tmpdir(), 'residency-copy-'));
  const { io, output } = collectingIo(dataDir, env);
  const args = ['--data', dataDir, '--port', '0', '--countries', 'de', '--purge-interval', '0'];
  const result = await runCli([...args, '--postgres-url', postgresUrl, ...flags], io);
  const server = result.server;
  if (server === undefined) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`the copy did not start: ${output.stderr.join('')}`);
  }
  return {
    server,
    url: server.url,
    dataDir,
    output,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a client presents to the token route. */
export interface ClientCredentials {
  readonly environmentId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Asks a copy for a token.
 * @param url The copy's base URL.
 * @param client The client's credentials.
 * @returns The response.
 */
export function requestToken(url: string, client: ClientCredentials): Promise<Response> {
  return fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
}

/**
 * Reads a record with a token: 404 (no such record) means the token is accepted.
 * @param url The copy's base URL.
 * @param token The access token.
 * @param environmentId The token's environment.
 * @returns The status.
 */
export async function recordStatus(
  url: string,
  token: string,
  environmentId: string,
): Promise<number> {
  const response = await fetch(`${url}/v2/storage/records/de/no-such-record`, {
    headers: { authorization: `Bearer ${token}`, 'x-env-id': environmentId },
  });
  await response.body?.cancel();
  return response.status;
}

/** How long a copy may take to see a change before the test calls it a hang (not a speed check). */
const CHANGE_GUARD_MS = 10_000;

/**
 * Polls until a condition holds, or throws after the hang guard.
 * @param condition Checked every 25 ms.
 * @param what Named in the error.
 * @returns When the condition held.
 * @throws Error when it still did not hold after `CHANGE_GUARD_MS`.
 */
export async function eventually(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + CHANGE_GUARD_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`hang guard: ${what} never happened`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
