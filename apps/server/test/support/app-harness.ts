// One in-process app per test file, on real PGlite stores in a temporary data folder, with two
// environments (each with a client) and helpers to fetch tokens and build request headers.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../src/app.ts';
import type { AppOptions } from '../../src/app-options.ts';
import { DEFAULT_COUNTRIES } from '../../src/config/countries.ts';
import {
  EnvironmentRegistry,
  type NewClient,
} from '../../src/environments/environment-registry.ts';
import type { AppEnv } from '../../src/http/app-env.ts';
import { loadServerKeys, type ServerKeys } from '../../src/keys/server-keys.ts';
import { createSilentLogger, type Logger } from '../../src/logger.ts';
import { createPgliteStores, type StoreProvider } from '../../src/store/index.ts';
import { tokenRequest } from './token-request.ts';

/** A running test app and its surroundings. */
export interface AppHarness {
  readonly app: Hono<AppEnv>;
  readonly dataDir: string;
  readonly stores: StoreProvider;
  readonly environments: EnvironmentRegistry;
  readonly keys: ServerKeys;
  /** The client of environment `env-a`. */
  readonly clientA: NewClient;
  /** The client of environment `env-b` (plain search keys on). */
  readonly clientB: NewClient;
  /** Fetches a token for a client through `/oauth2/token`. */
  token(client: NewClient): Promise<string>;
  /** Headers of an authorized JSON request for a client. */
  headers(client: NewClient, extra?: Record<string, string>): Promise<Record<string, string>>;
  /** Sends a JSON request as a client. */
  send(
    client: NewClient,
    method: string,
    path: string,
    body?: unknown,
    extra?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

/** How long `beforeAll` may take to open the PGlite database (longer if it builds the template). */
export const HARNESS_TIMEOUT_MS = 120_000;

/**
 * Starts a test app; call it in `beforeAll(…, HARNESS_TIMEOUT_MS)`.
 *
 * @param options App options to override (limits, countries, CORS, logger); the stores serve the
 *   same countries as the app.
 * @returns The harness; call `close()` in `afterAll`.
 */
export async function startHarness(
  options: Partial<AppOptions> & { logger?: Logger } = {},
): Promise<AppHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'residency-server-test-'));
  const countries = options.countries ?? DEFAULT_COUNTRIES;
  const stores = await createPgliteStores({
    dataDir,
    countries: countries.map(({ code }) => code),
  });
  const environments = EnvironmentRegistry.forDataDir(dataDir);
  const clientA = await environments.addEnvironment('env-a');
  const clientB = await environments.addEnvironment('env-b', { plainSearchKeys: true });
  const keys = await loadServerKeys(dataDir);
  const app = createApp({
    stores,
    environments,
    keys,
    logger: createSilentLogger(),
    ...options,
    countries,
  });
  const tokens = new Map<string, string>();
  const token = async (client: NewClient): Promise<string> => {
    const cached = tokens.get(client.clientId);
    if (cached !== undefined) return cached;
    const response = await tokenRequest(app, client, client.environmentId);
    const { access_token } = (await response.json()) as { access_token: string };
    tokens.set(client.clientId, access_token);
    return access_token;
  };
  const headers = async (client: NewClient, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${await token(client)}`,
    'x-env-id': client.environmentId,
    'content-type': 'application/json',
    ...extra,
  });
  return {
    app,
    dataDir,
    stores,
    environments,
    keys,
    clientA,
    clientB,
    token,
    headers,
    send: async (client, method, path, body, extra) =>
      app.request(path, {
        method,
        headers: await headers(client, extra),
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    close: async () => {
      await stores.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
