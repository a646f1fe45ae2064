// The real server on a real socket, in this process, for the integration tests: `launchServer`
// as the binary runs it, on port 0, on PGlite in a temporary data folder or on a fresh database
// of the run's PostgreSQL cluster (a schema per country). The stores it opens are kept, so a
// test can run a purge without waiting for the schedule.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openControlPlane } from '../../src/control/open-control-plane.ts';
import {
  type Credentials,
  createSilentLogger,
  type LaunchedServer,
  type Logger,
  launchServer,
  loadServerConfig,
  type NewClient,
  openConfiguredStores,
  type ServerConfig,
} from '../../src/index.ts';
import type { StoreProvider } from '../../src/store/index.ts';
import { createTestDatabase, stopOwnPostgres, testPostgres } from '../support/test-postgres.ts';

/** The two countries every integration server serves. */
const COUNTRIES: readonly ['de', 'us'] = ['de', 'us'];

/** How long starting a server may take: opening PGlite databases costs seconds on 2 busy cores. */
export const SERVER_TIMEOUT_MS = 120_000;

/**
 * How long one integration test may take: a guard against a hang, never a speed check. The
 * shared vitest config now sets the same default; kept for the files that name it.
 */
export const TEST_TIMEOUT_MS = 60_000;

/** A backend the integration tests run on, for `describe.each`. */
export interface ServerBackend {
  readonly name: 'PGlite' | 'PostgreSQL';
  /**
   * The configuration flags choosing this backend, for a data folder.
   * @returns Flags as `residency-server` takes them (`postgres-url`), none for PGlite.
   */
  flags(): Promise<Record<string, string>>;
}

/** PGlite in the data folder, and PostgreSQL with a fresh database, a schema per country. */
export const SERVER_BACKENDS: readonly ServerBackend[] = [
  { name: 'PGlite', flags: async () => ({}) },
  {
    name: 'PostgreSQL',
    flags: async () => ({
      'postgres-url': await createTestDatabase(await testPostgres(), 'integration'),
    }),
  },
];

/** A running in-process server and what a test needs around it. */
export interface TestServer {
  /** The base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly dataDir: string;
  /** The development client, from `credentials.json`. */
  readonly credentials: Credentials;
  /** The stores the server opened: for purges and direct looks. */
  readonly stores: StoreProvider;
  /**
   * Adds an environment through the server's registry (what `env add` does).
   * @param name The environment id.
   * @param plainSearchKeys As `env add --plain-search-keys`.
   * @returns Its new client.
   */
  addEnvironment(name: string, plainSearchKeys?: boolean): Promise<NewClient>;
  close(): Promise<void>;
}

/** Launches the server as the binary does, keeping the stores it opens. */
async function launchKeepingStores(
  config: ServerConfig,
  logger: Logger,
): Promise<{ server: LaunchedServer; stores: StoreProvider }> {
  let stores: StoreProvider | undefined;
  const openStores = async (): Promise<StoreProvider> => {
    stores = await openConfiguredStores(config);
    return stores;
  };
  const server = await launchServer(config, { logger, openStores });
  if (stores === undefined) throw new Error('the server opened no stores');
  return { server, stores };
}

/**
 * Starts the server in this process; call it in `beforeAll(…, SERVER_TIMEOUT_MS)`.
 * @param backend The backend to run on.
 * @param logger Where the server logs; default nowhere.
 * @param extraFlags More command-line flags (`{ 'json-body-timeout': '2' }`).
 * @returns The server; `close()` stops it and removes its data folder.
 * @throws Error when the server does not start, or starts without a development client.
 */
export async function startTestServer(
  backend: ServerBackend,
  logger: Logger = createSilentLogger(),
  extraFlags: Readonly<Record<string, string>> = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'residency-integration-'));
  const flags = {
    data: dataDir,
    port: '0',
    countries: COUNTRIES.join(','),
    // Purges run when a test asks (`stores`), never behind its back.
    'purge-interval': '0',
    ...(await backend.flags()),
    ...extraFlags,
  };
  // Copies on PostgreSQL share configured keys (else the server warns that they must).
  const env =
    backend.name === 'PostgreSQL'
      ? {
          RESIDENCY_TOKEN_SIGNING_KEY: randomBytes(32).toString('base64'),
          RESIDENCY_SSE_KEY: randomBytes(32).toString('base64'),
        }
      : {};
  const config = await loadServerConfig({ flags, env });
  const launched = await launchKeepingStores(config, logger).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const { server, stores } = launched;
  if (server.credentials === undefined) throw new Error('the server has no development client');
  // Open every country now (PGlite creates its database on first use, seconds each), so the
  // first test of a file does not pay for it.
  for (const country of COUNTRIES) await stores.country(country);
  // Where the server keeps its environments: the data folder, or the PostgreSQL control plane.
  const control = await openControlPlane(config);
  return {
    url: server.url,
    dataDir,
    credentials: server.credentials,
    stores,
    addEnvironment: (name, plainSearchKeys = false) =>
      control.environments.addEnvironment(name, { plainSearchKeys }),
    close: async () => {
      await server.close();
      await control.close();
      await rm(dataDir, { recursive: true, force: true });
      await stopOwnPostgres();
    },
  };
}
