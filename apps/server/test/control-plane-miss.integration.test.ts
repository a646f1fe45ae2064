// A copy's snapshot of the PostgreSQL control plane can lag a change made elsewhere (its notice
// is late, or its LISTEN connection is cut and the poll not yet due). A client or token that
// the snapshot does not hold is looked up once more against the change counter, so a client
// added or rotated on another copy a moment ago is served at once, while requests for clients
// that do not exist cost a counter read and no reload. The copy here has no watcher at all:
// nothing but that look-up can make it see a change.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadServerConfig } from '../src/config/load-config.ts';
import { type ControlPlane, openControlPlane } from '../src/control/open-control-plane.ts';
import { PostgresEnvironmentRegistry } from '../src/control/postgres-environment-registry.ts';
import type { NewClient } from '../src/environments/environment-directory.ts';
import { createSilentLogger } from '../src/logger.ts';
import { createPostgresStores, type StoreProvider } from '../src/store/index.ts';
import { createPostgresClient, type PooledSqlClient } from '../src/store/postgres-client.ts';
import { createTestDatabase, testPostgres } from './support/test-postgres.ts';
import { tokenRequest } from './support/token-request.ts';

let elsewhere: ControlPlane;
let deafClient: PooledSqlClient;
let deaf: PostgresEnvironmentRegistry;
let stores: StoreProvider;
const keys = { tokenSigningKey: randomBytes(32), sseMasterKey: randomBytes(32) };

beforeAll(async () => {
  const url = await createTestDatabase(await testPostgres(), 'control_miss');
  const config = await loadServerConfig({ flags: { 'postgres-url': url }, env: {} });
  elsewhere = await openControlPlane(config);
  deafClient = createPostgresClient({ connectionString: url, poolSize: 2 });
  deaf = new PostgresEnvironmentRegistry(deafClient, { cached: true });
  stores = await createPostgresStores({ url, countries: ['de'] });
}, 120_000);
afterAll(async () => {
  await elsewhere?.close();
  await deafClient?.close();
  await stores?.close();
});

function appOver(environments: ControlPlane['environments']): ReturnType<typeof createApp> {
  return createApp({
    stores,
    environments,
    keys,
    countries: [{ code: 'de', name: 'Germany', region: 'EMEA' }],
    logger: createSilentLogger(),
    tokenFailuresPerClient: 0,
    tokenFailuresPerAddress: 0,
  });
}

function tokenOf(app: ReturnType<typeof createApp>, client: NewClient): Promise<Response> {
  return tokenRequest(app, client);
}

describe('a copy whose snapshot lags the control plane', () => {
  it('authenticates a client added on another copy a moment ago', async () => {
    await deaf.list();
    const added = await elsewhere.environments.addEnvironment('added-elsewhere');
    // The snapshot itself has not changed: only the look-up on a miss sees the client.
    expect(await deaf.environment('added-elsewhere')).toBeUndefined();
    const found = await deaf.authenticate(added.clientId, added.clientSecret);
    expect(found?.id).toBe('added-elsewhere');
    const response = await tokenOf(appOver(deaf), added);
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it('authenticates a secret rotated elsewhere, and no longer the old one', async () => {
    const first = await elsewhere.environments.addEnvironment('rotated-elsewhere');
    expect((await deaf.authenticate(first.clientId, first.clientSecret))?.id).toBe(
      'rotated-elsewhere',
    );
    const rotated = await elsewhere.environments.rotateSecret('rotated-elsewhere');
    expect((await deaf.authenticate(rotated.clientId, rotated.clientSecret))?.id).toBe(
      'rotated-elsewhere',
    );
    expect(await deaf.authenticate(first.clientId, first.clientSecret)).toBeUndefined();
  });

  it('accepts a token another copy issued for a client it has not seen', async () => {
    await deaf.list();
    const added = await elsewhere.environments.addEnvironment('token-elsewhere');
    const issued = await tokenOf(appOver(elsewhere.environments), added);
    const { access_token } = (await issued.json()) as { access_token: string };
    const read = await appOver(deaf).request('/v2/storage/records/de/missing', {
      headers: { authorization: `Bearer ${access_token}`, 'x-env-id': added.environmentId },
    });
    // Past the token check: the record is not there.
    expect(read.status).toBe(404);
    await read.body?.cancel();
    expect((await deaf.latestEnvironment('token-elsewhere'))?.id).toBe('token-elsewhere');
  });

  it('answers unknown clients with a shared counter read and no reload while nothing changed', async () => {
    await deaf.list();
    const loads = deaf.loads;
    const checks = deaf.checks;
    const unknown = await Promise.all(
      Array.from({ length: 20 }, (_, index) => deaf.authenticate(`nobody-${index}`, 'wrong')),
    );
    expect(unknown.every((environment) => environment === undefined)).toBe(true);
    expect(deaf.loads).toBe(loads);
    // One check running and one queued behind it serve all twenty.
    expect(deaf.checks - checks).toBeGreaterThanOrEqual(1);
    expect(deaf.checks - checks).toBeLessThanOrEqual(2);
  });

  it('still refuses a client that was removed, after the look-up', async () => {
    const removed = await elsewhere.environments.addEnvironment('removed-elsewhere');
    expect((await deaf.authenticate(removed.clientId, removed.clientSecret))?.id).toBe(
      'removed-elsewhere',
    );
    await elsewhere.environments.removeEnvironment('removed-elsewhere');
    // The snapshot still holds the client; the look-up reads the counter only on a miss, so
    // a removal shows when the watcher announces it (a copy without one: at its next miss).
    await deaf.authenticate('nobody', 'wrong');
    expect(await deaf.authenticate(removed.clientId, removed.clientSecret)).toBeUndefined();
    expect(await deaf.latestEnvironment('removed-elsewhere')).toBeUndefined();
  });
});
