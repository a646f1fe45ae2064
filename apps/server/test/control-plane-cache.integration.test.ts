// A copy of the server keeps the control plane's environments in memory between changes: many
// token requests and record reads read the database once, and a change made elsewhere is read
// once more, then served from memory again.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadServerConfig } from '../src/config/load-config.ts';
import { type ControlPlane, openControlPlane } from '../src/control/open-control-plane.ts';
import type { PostgresEnvironmentRegistry } from '../src/control/postgres-environment-registry.ts';
import type { NewClient } from '../src/environments/environment-directory.ts';
import { createSilentLogger } from '../src/logger.ts';
import { createPostgresStores, type StoreProvider } from '../src/store/index.ts';
import { eventually } from './integration-support/server-copies.ts';
import { createTestDatabase, testPostgres } from './support/test-postgres.ts';
import { tokenRequest } from './support/token-request.ts';

let url: string;
let served: ControlPlane;
let elsewhere: ControlPlane;
let stores: StoreProvider;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  url = await createTestDatabase(await testPostgres(), 'control_cache');
  const config = await loadServerConfig({ flags: { 'postgres-url': url }, env: {} });
  served = await openControlPlane(config, { watch: true });
  elsewhere = await openControlPlane(config);
  stores = await createPostgresStores({ url, countries: ['de'] });
  const keys = { tokenSigningKey: randomBytes(32), sseMasterKey: randomBytes(32) };
  app = createApp({
    stores,
    environments: served.environments,
    keys,
    countries: [{ code: 'de', name: 'Germany', region: 'EMEA' }],
    logger: createSilentLogger(),
    // Waiting for a change counts the failed token requests before it: no limit here.
    tokenFailuresPerClient: 0,
    tokenFailuresPerAddress: 0,
  });
}, 120_000);
afterAll(async () => {
  await served?.close();
  await elsewhere?.close();
  await stores?.close();
});

function loads(): number {
  return (served.environments as PostgresEnvironmentRegistry).loads;
}

async function tokenStatus(client: NewClient): Promise<number> {
  const response = await tokenRequest(app, client);
  await response.body?.cancel();
  return response.status;
}

describe('the environments cache of a copy', () => {
  it('reads the control plane once for many requests, and once more after a change', async () => {
    const first = await elsewhere.environments.addEnvironment('cached');
    await eventually(async () => (await tokenStatus(first)) === 200, 'the copy seeing cached');
    const before = loads();
    for (let index = 0; index < 40; index++) expect(await tokenStatus(first)).toBe(200);
    expect(loads()).toBe(before);
    const second = await elsewhere.environments.addEnvironment('changed');
    await eventually(async () => (await tokenStatus(second)) === 200, 'the copy seeing changed');
    const afterChange = loads();
    expect(afterChange).toBeGreaterThan(before);
    for (let index = 0; index < 40; index++) expect(await tokenStatus(second)).toBe(200);
    expect(loads()).toBe(afterChange);
  }, 60_000);

  it('still sees changes when its LISTEN connection is cut (the poll), and listens again', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const cutListeners = async (): Promise<number> => {
      const { rows } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()",
      );
      return rows.length;
    };
    try {
      expect(await cutListeners()).toBe(1);
      const client = await elsewhere.environments.addEnvironment('after-cut');
      await eventually(
        async () => (await tokenStatus(client)) === 200,
        'a change seen by the poll',
      );
      const listening = async () => {
        const { rows } = await admin.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()",
        );
        return rows.length === 1;
      };
      await eventually(listening, 'the copy listening again');
    } finally {
      await admin.end();
    }
  }, 60_000);
});
