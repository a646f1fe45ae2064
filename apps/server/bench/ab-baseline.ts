// A/B of the write bench against a checkout of earlier server code, in one run: two servers,
// this tree's and the baseline's, each in its own process on a fresh PGlite folder, written to
// by the same SDK (this tree's) in alternating rounds (ABBA), so the machine's load meets both
// alike; run-to-run noise on a shared machine is larger than the differences looked for. Each
// round is `batchWrite` of ordinary records (batches of 100, one and four in flight), as the
// write bench does; beside the rate, the server's CPU time per 1000 records, which the load does
// not change.
//
//   tsx --conditions=@residency/source bench/ab-baseline.ts --baseline=/path/to/old/checkout
//       [--rounds=N] [--records=N]
//
// The baseline is a copy of the repository at the old commit whose packages' node_modules link
// to the same dependencies (see packages/storage/bench/ab-baseline.ts).
//
// The servers' figures move by ±10 % between runs on a shared 2-core machine (PGlite's time
// dominates and each process has its own), so a second part measures, in this process and in
// alternating slices, the server code a write runs that this change touched, old against new:
// a batch of 100 encoded records read from the body text, checked with BatchWriteRequestSchema,
// written as JSON for the database and answered as JSON.

import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteRequestSchema, parseJson, stringifyJson } from '@residency/protocol';
import type { Storage } from '@residency/sdk';
import type { Context } from 'hono';
import { measureSlices, median } from '../../../tools/bench.ts';
import { readJsonBody } from '../src/http/json-body.ts';
import { validateBody } from '../src/http/validate-body.ts';
import { connectStorage } from '../test/integration-support/sdk-storage.ts';
import { type SpawnedServer, spawnServer } from '../test/integration-support/spawned-server.ts';
import { measureRate, perSecond } from './bench-measure.ts';
import { benchCodec, encodeAll, rawKeySecrets, writeBenchRecord } from './bench-records.ts';
import { measureCpu } from './process-stats.ts';
import { WRITE_BATCH_SIZE } from './write-throughput.ts';

interface Side {
  readonly label: string;
  readonly server: SpawnedServer;
  readonly storage: Storage;
  readonly dataDir: string;
  readonly rates: Map<number, number[]>;
  readonly cpu: Map<number, number[]>;
}

const flags = new Map(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
);
const baseline = flags.get('baseline');
if (baseline === undefined) throw new Error('--baseline=DIR (a checkout of the old code)');
const rounds = Number(flags.get('rounds') ?? 8);
const records = Number(flags.get('records') ?? 1000);
const CONCURRENCIES = [1, 4] as const;

async function startSide(label: string, packageDir?: string): Promise<Side> {
  const dataDir = await mkdtemp(join(tmpdir(), `residency-ab-${label}-`));
  const server = await spawnServer(
    dataDir,
    ['--countries', 'de'],
    packageDir === undefined ? {} : { packageDir },
  );
  const storage = await connectStorage(server.url, server.credentials, {
    secretKeyAccessor: rawKeySecrets(),
  });
  return { label, server, storage, dataDir, rates: new Map(), cpu: new Map() };
}

async function writeRound(side: Side, concurrency: number, run: string): Promise<void> {
  const batch = Array.from({ length: records }, (_, index) => writeBenchRecord(index, run));
  const { result, cpu } = await measureCpu({ server: side.server.pid, database: undefined }, () =>
    measureRate(records, WRITE_BATCH_SIZE, concurrency, (first, size) =>
      side.storage.batchWrite('de', batch.slice(first, first + size)).then(() => undefined),
    ),
  );
  side.rates.set(concurrency, [...(side.rates.get(concurrency) ?? []), result]);
  side.cpu.set(concurrency, [...(side.cpu.get(concurrency) ?? []), (cpu.server * 1000) / records]);
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const loadBefore = load();
const before = await startSide('before', join(baseline, 'apps/server'));
const after = await startSide('after');
try {
  // Each side runs the sources of its own folder (spawnServer's packageDir); a write proves both
  // answer before anything is timed.
  for (const side of [before, after]) await side.storage.write('de', { recordKey: 'ab-probe' });
  for (const side of [before, after]) {
    for (const concurrency of CONCURRENCIES) await writeRound(side, concurrency, 'warm-up');
    side.rates.clear();
    side.cpu.clear();
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [before, after] : [after, before];
    for (const concurrency of CONCURRENCIES) {
      for (const side of order) await writeRound(side, concurrency, `round-${round}`);
    }
  }
  process.stdout.write(
    `Node ${process.version}; load average ${loadBefore} before, ${load()} after; ` +
      `${rounds} rounds of ${records} ordinary records per side (ABBA), PGlite, medians\n\n` +
      '| batches in flight | before rec/s | after rec/s | after / before | before server CPU ms/1000 | after | after / before |\n' +
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n',
  );
  for (const concurrency of CONCURRENCIES) {
    const rate = (side: Side) => median([...(side.rates.get(concurrency) ?? [])]);
    const cpu = (side: Side) => median([...(side.cpu.get(concurrency) ?? [])]);
    process.stdout.write(
      `| ${concurrency} | ${perSecond(rate(before))} | ${perSecond(rate(after))} | ` +
        `${(rate(after) / rate(before)).toFixed(3)}× | ${cpu(before).toFixed(0)} | ` +
        `${cpu(after).toFixed(0)} | ${(cpu(after) / cpu(before)).toFixed(3)}× |\n`,
    );
  }
} finally {
  for (const side of [before, after]) {
    await side.server.stop('SIGTERM');
    await rm(side.dataDir, { recursive: true, force: true });
  }
}

interface ServerPath {
  readonly readJsonBody: (context: Context) => Promise<unknown>;
  readonly validateBody: (schema: unknown, value: unknown) => { records: object[] };
  readonly schema: unknown;
  readonly stringify: (value: unknown) => string;
}

/** One batch through the touched server path: read, check, JSON for the database, answer. */
function serverPath(path: ServerPath, text: string): () => Promise<void> {
  // Both ways a server read a body: as text, and (since the UTF-8 check) as bytes.
  const bytes = new TextEncoder().encode(text);
  const req = { text: async () => text, arrayBuffer: async () => bytes.slice().buffer };
  const context = { req } as unknown as Context;
  return async () => {
    const request = path.validateBody(path.schema, await path.readJsonBody(context));
    const rows = path.stringify(request.records);
    const stamps = { created_at: '2024-05-01T12:00:00.000+00:00', attachments: [] };
    const answer = path.stringify({ records: request.records.map((r) => ({ ...r, ...stamps })) });
    if (rows.length === 0 || answer.length === 0) throw new Error('nothing written');
  };
}

/** What the baseline's protocol package offers, when it has one that holds these. */
const oldProtocol = (await import(join(baseline, 'packages/protocol/src/index.ts')).catch(
  () => ({}),
)) as { BatchWriteRequestSchema?: unknown; stringifyJson?: (value: unknown) => string };
const oldServer = {
  body: (await import(join(baseline, 'apps/server/src/http/json-body.ts'))) as ServerPath,
  validate: (await import(join(baseline, 'apps/server/src/http/validate-body.ts'))) as ServerPath,
  // The wire schemas lived in storage/wire before they moved into protocol (issue 16).
  schema:
    oldProtocol.BatchWriteRequestSchema ??
    (
      (await import(join(baseline, 'packages/storage/src/wire/index.ts'))) as {
        BatchWriteRequestSchema: unknown;
      }
    ).BatchWriteRequestSchema,
  // JSON.stringify before protocol had its exact codec (the int64 change).
  stringify: oldProtocol.stringifyJson ?? JSON.stringify,
};
const batchText = JSON.stringify({
  records: await encodeAll(
    benchCodec('ab', rawKeySecrets()),
    Array.from({ length: WRITE_BATCH_SIZE }, (_, index) => writeBenchRecord(index, 'ab')),
  ),
});
if (parseJson(batchText) === undefined) throw new Error('unreachable');
const paths = {
  before: serverPath(
    {
      readJsonBody: oldServer.body.readJsonBody,
      validateBody: oldServer.validate.validateBody,
      schema: oldServer.schema,
      stringify: oldServer.stringify,
    },
    batchText,
  ),
  after: serverPath(
    {
      readJsonBody,
      validateBody: validateBody as ServerPath['validateBody'],
      schema: BatchWriteRequestSchema,
      stringify: stringifyJson,
    },
    batchText,
  ),
};
process.stdout.write(
  `\nIn-process, the touched server path per batch of ${WRITE_BATCH_SIZE} records ` +
    `(${(batchText.length / 1024).toFixed(0)} KiB body), median of five 400 ms slices alternating, ` +
    `load average ${load()}\n\n| run | before batches/s | after batches/s | after / before | extra µs per batch |\n| ---: | ---: | ---: | ---: | ---: |\n`,
);
// The workload measured second in a pair ran up to 20 % faster here whichever it was, so half
// the runs put each side first, and the summary is the geometric mean over all of them.
const ratios: number[] = [];
for (let run = 0; run < 4; run++) {
  const order = run % 2 === 0 ? [paths.before, paths.after] : [paths.after, paths.before];
  const [first = 0, second = 0] = await measureSlices(order, 400);
  const [old, now] = run % 2 === 0 ? [first, second] : [second, first];
  const extra = 1e6 / now - 1e6 / old;
  ratios.push(now / old);
  process.stdout.write(
    `| ${run + 1} | ${old.toFixed(0)} | ${now.toFixed(0)} | ${(now / old).toFixed(3)}× | ${extra.toFixed(1)} |\n`,
  );
}
const mean = Math.exp(ratios.reduce((sum, ratio) => sum + Math.log(ratio), 0) / ratios.length);
process.stdout.write(`| geometric mean | | | ${mean.toFixed(3)}× | |\n`);
