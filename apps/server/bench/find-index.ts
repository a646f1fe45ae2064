// How fast the store writes and finds at scale, and with which indexes.
//
//   tsx --conditions=@residency/source bench/find-index.ts [N] [--backend=pglite|postgres|both]
//       [--variant=partial|full|none|all] [--concurrency=C] [--samples=S]
//
// Loads N records (default 100,000) into one environment through the store, in batches of 100
// (as batchWrite sends them), then times finds: p50/p99 of an equality on a key, a list, a 1%
// equality, a sorted range, and a substring search; and lists the indexes. PostgreSQL runs
// durable (fsync on) in a cluster of its own, or in the empty database RESIDENCY_BENCH_POSTGRES_URL
// names (one variant only). `--variant` swaps the schema's partial key indexes for full ones or
// none; `all` loads the three side by side, batch by batch, so they meet the same machine.

import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteClient } from '../src/store/pglite-client.ts';
import { createPostgresClient } from '../src/store/postgres-client.ts';
import { ensureSchema } from '../src/store/schema-migrate.ts';
import type { SqlClient } from '../src/store/sql-client.ts';
import { createSqlCountryStore } from '../src/store/sql-country-store.ts';
import { type RunningPostgres, startPostgres } from '../test/support/postgres.ts';
import {
  applyIndexVariant,
  type IndexVariant,
  listIndexes,
  loadRecords,
  measureFinds,
  tableMiB,
} from './store-bench-run.ts';

const VARIANTS: readonly IndexVariant[] = ['partial', 'full', 'none'];

interface BenchOptions {
  readonly count: number;
  readonly backends: readonly ('pglite' | 'postgres')[];
  readonly variants: readonly IndexVariant[];
  readonly concurrency: number;
  readonly samples: number;
}

function parseOptions(args: readonly string[]): BenchOptions {
  const flags = new Map(
    args
      .filter((arg) => arg.startsWith('--'))
      .map((arg) => arg.slice(2).split('=') as [string, string]),
  );
  const count = Number(args.find((arg) => !arg.startsWith('--')) ?? 100_000);
  const backend = flags.get('backend') ?? 'both';
  const variant = flags.get('variant') ?? 'partial';
  if (!Number.isSafeInteger(count) || count < 1000) throw new Error('N must be an integer ≥ 1000');
  if (!['pglite', 'postgres', 'both'].includes(backend)) {
    throw new Error('--backend=pglite|postgres|both');
  }
  if (variant !== 'all' && !VARIANTS.includes(variant as IndexVariant)) {
    throw new Error('--variant=partial|full|none|all');
  }
  return {
    count,
    backends: backend === 'both' ? ['pglite', 'postgres'] : [backend as 'pglite' | 'postgres'],
    variants: variant === 'all' ? VARIANTS : [variant as IndexVariant],
    concurrency: Number(flags.get('concurrency') ?? 1),
    samples: Number(flags.get('samples') ?? 200),
  };
}

async function runOn(name: string, clients: readonly SqlClient[], options: BenchOptions) {
  const stores = [];
  for (const [position, client] of clients.entries()) {
    await ensureSchema(client);
    await applyIndexVariant(client, options.variants[position] as IndexVariant);
    stores.push(createSqlCountryStore(client));
  }
  const environment = 'bench-env';
  const heading = options.variants.map((variant) => variant.padStart(17)).join('');
  console.log(`\n## ${name}: ${options.count} records`);
  const rates = await loadRecords(stores, environment, options.count, 100, options.concurrency);
  const inFlight = clients.length === 1 ? options.concurrency : 1;
  console.log(`insert, records/s (batches of 100, ${inFlight} in flight)${heading}`);
  console.log(
    `${''.padEnd(49)}${rates.map((rate) => String(Math.round(rate)).padStart(17)).join('')}`,
  );
  // What autovacuum does shortly after a bulk load: the planner needs the statistics.
  for (const client of clients) await client.query('VACUUM (ANALYZE) records');
  const timings = await measureFinds(stores, environment, options.count, options.samples);
  console.log(`find (limit 100), p50 / p99 ms          total${heading}`);
  for (const [row, timing] of (timings[0] ?? []).entries()) {
    const cells = timings.map((list) => {
      const cell = list[row];
      return `${cell?.p50.toFixed(1)} / ${cell?.p99.toFixed(1)}`.padStart(17);
    });
    console.log(
      `  ${timing.name.padEnd(30)} ${String(timing.total).padStart(10)}     ${cells.join('')}`,
    );
  }
  for (const [position, client] of clients.entries()) {
    const size = (await tableMiB(client)).toFixed(1);
    console.log(`${options.variants[position]}: table ${size} MiB; indexes:`);
    for (const line of await listIndexes(client)) console.log(`  ${line}`);
  }
}

async function benchPglite(options: BenchOptions): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'residency-bench-'));
  const clients: SqlClient[] = [];
  try {
    for (const variant of options.variants) {
      clients.push(await openPgliteClient(join(folder, variant)));
    }
    await runOn('PGlite', clients, options);
  } finally {
    for (const client of clients) await client.close();
    await rm(folder, { recursive: true, force: true });
  }
}

async function benchPostgres(options: BenchOptions): Promise<void> {
  const givenUrl = process.env.RESIDENCY_BENCH_POSTGRES_URL;
  if (givenUrl !== undefined && options.variants.length > 1) {
    throw new Error('RESIDENCY_BENCH_POSTGRES_URL takes one variant');
  }
  let cluster: RunningPostgres | undefined;
  const urls: string[] = [];
  if (givenUrl === undefined) {
    const settings = ['shared_buffers=1GB', 'max_wal_size=4GB'];
    cluster = await startPostgres({ durable: true, settings });
    for (const variant of options.variants) {
      await cluster.createDatabase(`bench_${variant}`);
      urls.push(cluster.url(`bench_${variant}`));
    }
  } else urls.push(givenUrl);
  const poolSize = Math.max(2, options.concurrency);
  const clients = urls.map((url) => createPostgresClient({ connectionString: url, poolSize }));
  try {
    const where = cluster === undefined ? '' : ' (own cluster, fsync on, shared_buffers 1GB)';
    await runOn(`PostgreSQL 15${where}`, clients, options);
  } finally {
    for (const client of clients) await client.close();
    await cluster?.stop();
  }
}

const options = parseOptions(process.argv.slice(2));
console.log(`# find-index bench: Node ${process.version}, ${cpus().length} cores`);
for (const backend of options.backends) {
  await (backend === 'pglite' ? benchPglite(options) : benchPostgres(options));
}
