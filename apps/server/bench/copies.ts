// Copies on one PostgreSQL (`pnpm bench`, after fair-share.ts): write throughput through one
// server copy and through three (each in its own process, its own data folder, the same
// signing key), the SDK's batchWrite of 100 with the same number of batches in flight in all;
// then how long an `env add` on the control plane takes to reach every copy (from the
// command's exit to the first token each copy issues). Figures only: nothing here asserts on
// time; the load average is printed beside them.
//
//   tsx --conditions=@residency/source bench/copies.ts [--records=N] [--changes=N]

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Storage } from '@residency/sdk';
import type { NewClient } from '../src/index.ts';
import { tokenAnswer } from '../test/integration-support/raw-http.ts';
import { connectStorage } from '../test/integration-support/sdk-storage.ts';
import {
  runServerCommand,
  type ServerProcess,
  spawnServer,
  spawnServerProcess,
} from '../test/integration-support/spawned-server.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { measureRate } from './bench-measure.ts';
import { rawKeySecrets, writeBenchRecord } from './bench-records.ts';

const BATCH = 100;
/** Batches in flight in every run, spread over the copies. */
const IN_FLIGHT = 6;
const WARM_UP = 1_000;

function options(): { records: number; changes: number } {
  const flags = new Map(
    process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
  );
  return {
    records: Number(flags.get('records') ?? 12_000),
    changes: Number(flags.get('changes') ?? 5),
  };
}

const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

interface Deployment {
  readonly copies: readonly ServerProcess[];
  readonly client: NewClient;
  readonly close: () => Promise<void>;
}

async function deploy(postgresUrl: string, count: number): Promise<Deployment> {
  const env = { RESIDENCY_TOKEN_SIGNING_KEY: randomBytes(32).toString('base64') };
  const flags = ['--postgres-url', postgresUrl, '--countries', 'de'];
  const dirs = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      mkdtemp(join(tmpdir(), `residency-bench-copy-${index}-`)),
    ),
  );
  const first = await spawnServer(dirs[0] as string, flags, { env });
  const others = await Promise.all(
    dirs.slice(1).map((dir) => spawnServerProcess(dir, flags, { env })),
  );
  const copies = [first, ...others];
  return {
    copies,
    client: first.credentials,
    close: async () => {
      for (const copy of copies) await copy.stop('SIGTERM');
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Writes `count` records through the storages, `IN_FLIGHT` batches spread over them. */
async function writeRate(storages: readonly Storage[], run: string, count: number) {
  const records = Array.from({ length: count }, (_, index) => writeBenchRecord(index, run));
  let turn = 0;
  return measureRate(count, BATCH, IN_FLIGHT, (first, size) => {
    const storage = storages[turn++ % storages.length] as Storage;
    return storage.batchWrite('de', records.slice(first, first + size)).then(() => undefined);
  });
}

async function throughput(postgresUrl: string, count: number, records: number): Promise<number> {
  const deployment = await deploy(postgresUrl, count);
  try {
    const secrets = rawKeySecrets();
    const storages = await Promise.all(
      deployment.copies.map((copy) =>
        connectStorage(copy.url, deployment.client, { secretKeyAccessor: secrets }),
      ),
    );
    await writeRate(storages, `warm-${count}`, WARM_UP);
    return await writeRate(storages, `run-${count}`, records);
  } finally {
    await deployment.close();
  }
}

/** Milliseconds from `env add`'s exit until every copy issues the new client a token. */
async function propagation(postgresUrl: string, changes: number): Promise<number[]> {
  const deployment = await deploy(postgresUrl, 3);
  try {
    const delays: number[] = [];
    for (let change = 0; change < changes; change += 1) {
      const run = await runServerCommand([
        'env',
        'add',
        `joined-${change}`,
        '--postgres-url',
        postgresUrl,
      ]);
      if (run.exitCode !== 0) throw new Error(`env add failed: ${run.stderr}`);
      const added = JSON.parse(run.stdout) as NewClient;
      const start = performance.now();
      const seen = deployment.copies.map(async (copy) => {
        while ((await tokenAnswer(copy.url, added)).status !== 200) {
          if (performance.now() - start > 30_000) throw new Error('a copy never saw the change');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return performance.now() - start;
      });
      delays.push(Math.max(...(await Promise.all(seen))));
    }
    return delays;
  } finally {
    await deployment.close();
  }
}

const { records, changes } = options();
const postgres = await startPostgres();
try {
  console.log(
    `\nCopies on one PostgreSQL: batchWrite of ${BATCH}, ${IN_FLIGHT} batches in flight, ${records.toLocaleString('en')} records after ${WARM_UP.toLocaleString('en')} of warm-up`,
  );
  console.log(`  load average before: ${load()}`);
  await postgres.createDatabase('bench_one');
  const one = await throughput(postgres.url('bench_one'), 1, records);
  console.log(`  one copy:     ${Math.round(one).toLocaleString('en')} records/s; load ${load()}`);
  await postgres.createDatabase('bench_three');
  const three = await throughput(postgres.url('bench_three'), 3, records);
  console.log(
    `  three copies: ${Math.round(three).toLocaleString('en')} records/s (${(three / one).toFixed(2)}x one copy); load ${load()}`,
  );
  await postgres.createDatabase('bench_changes');
  const delays = await propagation(postgres.url('bench_changes'), changes);
  const shown = delays.map((delay) => `${delay.toFixed(0)} ms`).join(', ');
  console.log(`  env add seen by all three copies after: ${shown}; load ${load()}`);
} finally {
  await postgres.stop();
}
