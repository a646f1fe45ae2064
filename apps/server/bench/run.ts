// The server bench (`pnpm --filter @residency/server bench`): the facade SDK against the server
// binary running in its own process, over real HTTP, on PGlite and on PostgreSQL.
//
//   tsx --conditions=@residency/source bench/run.ts [--backend=pglite|postgres|both]
//       [--writes=N] [--pglite-records=N] [--postgres-records=N]
//       [--attachment-mib=N] [--memory=pglite|postgres|both|none]
//
// (a) write throughput: batchWrite of 100 records with a raw-key secret, one batch and four
//     batches in flight, beside the SDK's encoding alone and the store's inserts alone;
// (b) find latency, p50/p99: a key's equality plus a range_key1 range through the SDK (a
//     selective key and a broad one), on a bulk loaded with SQL (100,000 records on PGlite,
//     1,000,000 on PostgreSQL), beside the same query through the store alone;
// (c) the server's resident memory while a 1 GiB attachment streams up and down through it.
// Beside each rate and latency: the CPU time of the SDK, the server and PostgreSQL per unit,
// which the machine's load does not change. Figures only: nothing here asserts on time.

import { cpus, loadavg } from 'node:os';
import type { SecretKeyAccessor } from '@residency/sdk';
import { DEVELOPMENT_ENVIRONMENT_ID } from '../src/lifecycle/development-client.ts';
import { connectStorage } from '../test/integration-support/sdk-storage.ts';
import { spawnServer } from '../test/integration-support/spawned-server.ts';
import { measureAttachmentMemory } from './attachment-memory.ts';
import { type BackendName, type BenchBackend, openBenchBackend } from './bench-backends.ts';
import { perSecond } from './bench-measure.ts';
import { benchCodec, bulkBody, rawKeySecrets } from './bench-records.ts';
import { describeFinds, describeMemory, describeWrites } from './bench-report.ts';
import { checkBulk, loadBulkSql } from './bulk-sql.ts';
import { measureSdkFinds, measureStoreFinds } from './find-latency.ts';
import { measureSdkWrites, measureWriteReferences, WRITE_CONCURRENCY } from './write-throughput.ts';

const MIB = 1024 * 1024;

interface RunOptions {
  readonly backends: readonly BackendName[];
  readonly writes: number;
  readonly bulk: { readonly [name in BackendName]: number };
  readonly attachmentBytes: number;
  readonly memoryBackends: readonly BackendName[];
}

function parseOptions(args: readonly string[]): RunOptions {
  const flags = new Map(args.map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
  const count = (name: string, fallback: number): number => {
    const value = Number(flags.get(name) ?? fallback);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`--${name} must be an integer ≥ 1`);
    return value;
  };
  const backendsOf = (value: string, flag: string): BackendName[] => {
    if (value === 'both') return ['pglite', 'postgres'];
    if (value === 'none') return [];
    if (value === 'pglite' || value === 'postgres') return [value];
    throw new Error(`--${flag}=pglite|postgres|both${flag === 'memory' ? '|none' : ''}`);
  };
  return {
    backends: backendsOf(flags.get('backend') ?? 'both', 'backend'),
    writes: count('writes', 20_000),
    bulk: {
      pglite: count('pglite-records', 100_000),
      postgres: count('postgres-records', 1_000_000),
    },
    attachmentBytes: count('attachment-mib', 1024) * MIB,
    memoryBackends: backendsOf(flags.get('memory') ?? 'postgres', 'memory'),
  };
}

const print = (lines: readonly string[]): void => {
  for (const line of lines) console.log(line);
};

/**
 * The in-process part, while no server holds the database: the write references, the bulk
 * (loaded with SQL, then vacuumed and analyzed, as autovacuum or PGlite's store maintenance
 * would after a bulk load) and the store's find latency.
 */
async function benchInProcess(backend: BenchBackend, secrets: SecretKeyAccessor, bulk: number) {
  const { client, store } = await backend.openCountry();
  try {
    const references = await measureWriteReferences(store, options.writes);
    const body = await bulkBody(benchCodec(DEVELOPMENT_ENVIRONMENT_ID, secrets));
    const loadRate = await loadBulkSql(client, DEVELOPMENT_ENVIRONMENT_ID, body, bulk);
    await checkBulk(client, DEVELOPMENT_ENVIRONMENT_ID, bulk);
    await client.query('VACUUM (ANALYZE) records');
    console.log(`    (the bulk of (b) loaded with SQL at ${perSecond(loadRate)} records/s)`);
    return { references, storeFinds: await measureStoreFinds(store, DEVELOPMENT_ENVIRONMENT_ID) };
  } finally {
    await client.close();
  }
}

async function benchBackend(backend: BenchBackend, name: BackendName): Promise<void> {
  const secrets = rawKeySecrets();
  const bulk = options.bulk[name];
  const { references, storeFinds } = await benchInProcess(backend, secrets, bulk);
  const maxAttachmentSize = Math.max(options.attachmentBytes, 100 * MIB);
  const server = await spawnServer(backend.dataDir, [
    ...backend.serverFlags,
    ...['--countries', 'de', '--max-attachment-size', String(maxAttachmentSize)],
  ]);
  try {
    const pids = { server: server.pid, database: await backend.databasePid() };
    const storage = await connectStorage(server.url, server.credentials, {
      secretKeyAccessor: secrets,
      hashSearchKeys: false,
      maxAttachmentSize,
    });
    const sequential = await measureSdkWrites(storage, pids, options.writes, 1);
    const concurrent = await measureSdkWrites(storage, pids, options.writes, WRITE_CONCURRENCY);
    print(describeWrites([sequential, concurrent], references));
    print(describeFinds(bulk, await measureSdkFinds(storage, pids), storeFinds));
    if (options.memoryBackends.includes(name)) {
      const figures = await measureAttachmentMemory(storage, server.pid, options.attachmentBytes);
      print(describeMemory(figures, options.attachmentBytes));
    }
  } finally {
    await server.stop('SIGTERM');
  }
}

const options = parseOptions(process.argv.slice(2));
const started = performance.now();
console.log(
  `# server bench: Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} at start`,
);
for (const name of options.backends) {
  const backend = await openBenchBackend(name);
  console.log(`\n## ${backend.title}`);
  try {
    await benchBackend(backend, name);
  } finally {
    await backend.close();
  }
}
console.log(
  `\nfinished in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()[0]?.toFixed(1)} at the end`,
);
