// The control-plane cache bench: a token request and an authorized record read through the app
// in-process, on a PostgreSQL control plane with 50 environments, the environments cached
// between changes (a server) against read for every request (what the cache saves).
//
//   tsx --conditions=@residency/source bench/control-plane-cache.ts [--runs=N]
//
// Figures only: nothing here asserts on time.

import { randomBytes } from 'node:crypto';
import { createApp } from '../src/app.ts';
import { loadServerConfig } from '../src/config/load-config.ts';
import { openControlPlane } from '../src/control/open-control-plane.ts';
import { createSilentLogger } from '../src/logger.ts';
import { createPostgresStores } from '../src/store/index.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { measureLatency } from './bench-measure.ts';
import { formatTable } from './bench-report.ts';

const runs = Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 500);
const postgres = await startPostgres({ durable: true });
try {
  await postgres.createDatabase('bench');
  const url = postgres.url('bench');
  const config = await loadServerConfig({ flags: { 'postgres-url': url }, env: {} });
  const stores = await createPostgresStores({ url, countries: ['de'] });
  const rows = [['environments', 'token p50', 'token p99', 'record read p50', 'record read p99']];
  for (const watch of [true, false]) {
    const control = await openControlPlane(config, { watch });
    const clients = [];
    for (let index = 0; index < 50; index++) {
      clients.push(await control.environments.addEnvironment(`bench-${watch}-${index}`));
    }
    const client = clients[25] as (typeof clients)[0];
    const app = createApp({
      stores,
      environments: control.environments,
      keys: { tokenSigningKey: randomBytes(32), sseMasterKey: randomBytes(32) },
      countries: [{ code: 'de', name: 'Germany', region: 'EMEA' }],
      logger: createSilentLogger(),
      tokenFailuresPerClient: 0,
      tokenFailuresPerAddress: 0,
    });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }).toString();
    const tokenRequest = async () =>
      app.request('/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
    const { access_token } = (await (await tokenRequest()).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${access_token}`, 'x-env-id': client.environmentId };
    const token = await measureLatency(runs, tokenRequest);
    const read = await measureLatency(runs, async () =>
      app.request('/v2/storage/records/de/missing', { headers }),
    );
    rows.push([
      watch ? 'cached (server)' : 'read per request',
      ...[token.p50, token.p99, read.p50, read.p99].map((ms) => `${ms.toFixed(3)} ms`),
    ]);
    await control.close();
  }
  await stores.close();
  console.log(`control plane, ${runs} sequential requests each, in-process app:`);
  for (const line of formatTable(rows)) console.log(line);
} finally {
  await postgres.stop();
}
