// The audit log's cost, in one run: two servers on the same records, one with the audit log on
// (the default) and one with `--audit off`, measured in alternating rounds (ABBA), so the shared
// machine's load meets both alike. Per side: batchWrite throughput through the SDK (batches of
// 100, four in flight: every batch inserts its audit row in the write's statement) and find p50
// (key2 + range, page 10: every find queues a row for the batched insert). Printed: each side's
// median over the rounds, and the ratio on / off. Target: writes ≥ 0.90 of off, find p50 ≤ 1.10.
// Beside them, the CPU time the server and PostgreSQL spend per 1000 records and per find (the
// machine's load changes it little, unlike rates and latencies on a shared machine).
//
//   tsx --conditions=@residency/source bench/audit-cost.ts [--backend=pglite|postgres|both]
//       [--records=N] [--writes=N] [--rounds=N]
//
// PostgreSQL: both servers share one database (as copies of the server do in production).
// PGlite: a folder belongs to one process, so each server gets its own, loaded alike.

import { loadavg } from 'node:os';
import { median } from '../../../tools/bench.ts';
import { DEVELOPMENT_ENVIRONMENT_ID } from '../src/lifecycle/development-client.ts';
import { connectStorage } from '../test/integration-support/sdk-storage.ts';
import { type SpawnedServer, spawnServer } from '../test/integration-support/spawned-server.ts';
import { type BackendName, type BenchBackend, openBenchBackend } from './bench-backends.ts';
import { measureLatency, measureRate, perSecond } from './bench-measure.ts';
import { benchCodec, bulkBody, rawKeySecrets, writeBenchRecord } from './bench-records.ts';
import { loadBulkSql } from './bulk-sql.ts';
import { FIND_CASES, FIND_RUNS, sdkFilter } from './find-latency.ts';
import { measureCpu } from './process-stats.ts';
import { WRITE_BATCH_SIZE, WRITE_CONCURRENCY } from './write-throughput.ts';

interface Options {
  readonly backends: readonly BackendName[];
  readonly records: number;
  readonly writes: number;
  readonly rounds: number;
}

function parseOptions(args: readonly string[]): Options {
  const flags = new Map(args.map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
  const count = (name: string, fallback: number): number => {
    const value = Number(flags.get(name) ?? fallback);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be ≥ 1`);
    return value;
  };
  const backend = flags.get('backend') ?? 'both';
  if (!['pglite', 'postgres', 'both'].includes(backend)) {
    throw new Error('--backend=pglite|postgres|both');
  }
  return {
    backends: backend === 'both' ? ['pglite', 'postgres'] : [backend as BackendName],
    records: count('records', 50_000),
    writes: count('writes', 10_000),
    rounds: count('rounds', 3),
  };
}

interface Side {
  readonly label: 'on' | 'off';
  readonly server: SpawnedServer;
  readonly storage: Awaited<ReturnType<typeof connectStorage>>;
  readonly databasePid: number | undefined;
  readonly writeRates: number[];
  readonly findP50s: number[];
  /** Server + database CPU ms per 1000 records written. */
  readonly writeCpu: number[];
  /** Server + database CPU ms per find. */
  readonly findCpu: number[];
}

async function loadBulk(backend: BenchBackend, records: number): Promise<void> {
  const { client } = await backend.openCountry();
  try {
    const body = await bulkBody(benchCodec(DEVELOPMENT_ENVIRONMENT_ID, rawKeySecrets()));
    await loadBulkSql(client, DEVELOPMENT_ENVIRONMENT_ID, body, records);
    await client.query('VACUUM (ANALYZE) records');
  } finally {
    await client.close();
  }
}

async function startSide(backend: BenchBackend, label: 'on' | 'off'): Promise<Side> {
  const server = await spawnServer(backend.dataDir, [
    ...backend.serverFlags,
    ...['--countries', 'de', '--audit', label],
  ]);
  const storage = await connectStorage(server.url, server.credentials, {
    secretKeyAccessor: rawKeySecrets(),
    hashSearchKeys: false,
  });
  const databasePid = await backend.databasePid();
  return {
    label,
    server,
    storage,
    databasePid,
    writeRates: [],
    findP50s: [],
    writeCpu: [],
    findCpu: [],
  };
}

async function measureSide(side: Side, round: number, writes: number): Promise<void> {
  const run = `audit-${side.label}-${round}`;
  const records = Array.from({ length: writes }, (_, index) => writeBenchRecord(index, run));
  const pids = { server: side.server.pid, database: side.databasePid };
  const written = await measureCpu(pids, () =>
    measureRate(writes, WRITE_BATCH_SIZE, WRITE_CONCURRENCY, (first, size) =>
      side.storage.batchWrite('de', records.slice(first, first + size)).then(() => undefined),
    ),
  );
  side.writeRates.push(written.result);
  side.writeCpu.push(((written.cpu.server + written.cpu.database) * 1000) / writes);
  const findCase = FIND_CASES[1] as (typeof FIND_CASES)[number];
  const found = await measureCpu(pids, () =>
    measureLatency(FIND_RUNS, (index) =>
      side.storage.find('de', sdkFilter(findCase, index), { limit: findCase.limit }),
    ),
  );
  side.findP50s.push(found.result.p50);
  // measureLatency makes two warm-up calls besides the timed ones.
  side.findCpu.push((found.cpu.server + found.cpu.database) / (FIND_RUNS + 2));
}

async function benchBackend(name: BackendName, options: Options): Promise<void> {
  const first = await openBenchBackend(name);
  // PostgreSQL: the second server shares the first one's database; PGlite: a folder each.
  const second = name === 'postgres' ? first : await openBenchBackend(name);
  const sides: Side[] = [];
  try {
    await loadBulk(first, options.records);
    if (second !== first) await loadBulk(second, options.records);
    sides.push(await startSide(first, 'on'), await startSide(second, 'off'));
    const [on, off] = sides as [Side, Side];
    // Warm-up of both (token, pools, JIT), not counted.
    for (const side of sides) await measureSide(side, -1, WRITE_BATCH_SIZE * 20);
    for (const side of sides) {
      for (const list of [side.writeRates, side.findP50s, side.writeCpu, side.findCpu]) {
        list.length = 0;
      }
    }
    for (let round = 0; round < options.rounds; round++) {
      for (const side of [on, off, off, on]) await measureSide(side, round, options.writes);
    }
    report(first.title, on, off);
  } finally {
    for (const side of sides) await side.server.stop('SIGTERM');
    await first.close();
    if (second !== first) await second.close();
  }
}

function report(title: string, on: Side, off: Side): void {
  const writesOn = median([...on.writeRates]);
  const writesOff = median([...off.writeRates]);
  const findOn = median([...on.findP50s]);
  const findOff = median([...off.findP50s]);
  console.log(`\n## ${title}`);
  console.log(
    `  batchWrite ×${WRITE_CONCURRENCY}: audit on ${perSecond(writesOn)} records/s, off ${perSecond(writesOff)} records/s: on/off ${(writesOn / writesOff).toFixed(3)}`,
  );
  console.log(
    `  find p50 (${FIND_CASES[1]?.title}): audit on ${findOn.toFixed(2)} ms, off ${findOff.toFixed(2)} ms: on/off ${(findOn / findOff).toFixed(3)}`,
  );
  const writeCpuOn = median([...on.writeCpu]);
  const writeCpuOff = median([...off.writeCpu]);
  const findCpuOn = median([...on.findCpu]);
  const findCpuOff = median([...off.findCpu]);
  console.log(
    `  server + database CPU: per 1000 records written on ${writeCpuOn.toFixed(0)} ms, off ${writeCpuOff.toFixed(0)} ms: on/off ${(writeCpuOn / writeCpuOff).toFixed(3)}; per find on ${findCpuOn.toFixed(2)} ms, off ${findCpuOff.toFixed(2)} ms: on/off ${(findCpuOn / findCpuOff).toFixed(3)}`,
  );
  console.log(
    `  (rounds: writes on ${on.writeRates.map(perSecond).join(' ')} | off ${off.writeRates.map(perSecond).join(' ')}; find p50 on ${on.findP50s.map((p) => p.toFixed(2)).join(' ')} | off ${off.findP50s.map((p) => p.toFixed(2)).join(' ')})`,
  );
}

const options = parseOptions(process.argv.slice(2));
console.log(`# audit cost: load average ${loadavg()[0]?.toFixed(1)} at start`);
for (const name of options.backends) await benchBackend(name, options);
console.log(`\nload average ${loadavg()[0]?.toFixed(1)} at the end`);
