// (a) Write throughput: records/s through the SDK's batchWrite (batches of 100) over HTTP into
// the server in its own process, beside two references measured in the same run: the SDK's
// encoding of the same records alone (no network, no server: the client's ceiling) and the
// store's inserts of the encoded records alone (no HTTP, no SDK: the database's ceiling).

import type { Storage } from '@residency/sdk';
import type { CountryStore } from '../src/store/index.ts';
import { measureRate } from './bench-measure.ts';
import {
  benchCodec,
  encodeAll,
  rawKeySecrets,
  toStoreWrites,
  writeBenchRecord,
} from './bench-records.ts';
import { type CpuSpent, measureCpu } from './process-stats.ts';

/** Records per batch, as `batchWrite` allows at most. */
export const WRITE_BATCH_SIZE = 100;

/** Batches in flight in the concurrent runs: enough to keep both cores busy. */
export const WRITE_CONCURRENCY = 4;

/**
 * Records written before each timed SDK run and not counted: the token is fetched, the pool's
 * connections opened and both processes' JIT settled, so the figure is the steady state.
 */
export const WRITE_WARM_UP = 2_000;

/** The references of the write benchmark, records/s. */
export interface WriteReferences {
  /** The SDK's codec encoding the records, one core. */
  readonly encode: number;
  /** The store inserting the encoded records, `WRITE_CONCURRENCY` batches at a time. */
  readonly storeInsert: number;
}

/**
 * Measures the references: encoding `count` records with the SDK's codec, then inserting them
 * through the store (into an environment of their own).
 * @param store The country store, opened in this process.
 * @param count How many records.
 * @returns Records per second of each.
 */
export async function measureWriteReferences(
  store: CountryStore,
  count: number,
): Promise<WriteReferences> {
  const codec = benchCodec('bench-reference', rawKeySecrets());
  const records = Array.from({ length: count }, (_, index) => writeBenchRecord(index, 'reference'));
  await encodeAll(codec, records.slice(0, WRITE_BATCH_SIZE)); // warm-up: key cache, JIT
  let encoded: Awaited<ReturnType<typeof encodeAll>> = [];
  const encode = await measureRate(count, count, 1, async () => {
    encoded = await encodeAll(codec, records);
  });
  const writes = toStoreWrites(encoded);
  const storeInsert = await measureRate(count, WRITE_BATCH_SIZE, WRITE_CONCURRENCY, (first, size) =>
    store
      .write(
        'bench-reference',
        writes.slice(first, first + size).map((record) => ({ record })),
      )
      .then(() => undefined),
  );
  return { encode, storeInsert };
}

/** What one run of SDK writes measured. */
export interface SdkWriteFigures {
  readonly rate: number;
  /** CPU milliseconds per 1000 records of the client (the SDK), the server and the database. */
  readonly cpuPerThousand: CpuSpent;
}

/**
 * Measures `batchWrite` through the SDK, `concurrency` batches of 100 in flight after a warm-up
 * of `WRITE_WARM_UP` records, and the CPU
 * time the client, the server and the database spend per record (the machine's load does not
 * change those, unlike the rate).
 * @param storage The SDK, connected to the server.
 * @param pids The server process, and the PostgreSQL cluster's postmaster if any.
 * @param count How many records.
 * @param concurrency Batches in flight.
 * @returns Records per second and CPU time per 1000 records.
 */
export async function measureSdkWrites(
  storage: Storage,
  pids: { readonly server: number; readonly database: number | undefined },
  count: number,
  concurrency: number,
): Promise<SdkWriteFigures> {
  const run = `sdk-${concurrency}`;
  const warmUp = Array.from({ length: WRITE_WARM_UP }, (_, index) =>
    writeBenchRecord(index, `${run}-warm-up`),
  );
  await measureRate(WRITE_WARM_UP, WRITE_BATCH_SIZE, concurrency, (first, size) =>
    storage.batchWrite('de', warmUp.slice(first, first + size)).then(() => undefined),
  );
  const records = Array.from({ length: count }, (_, index) => writeBenchRecord(index, run));
  const { result, cpu } = await measureCpu(pids, () =>
    measureRate(count, WRITE_BATCH_SIZE, concurrency, (first, size) =>
      storage.batchWrite('de', records.slice(first, first + size)).then(() => undefined),
    ),
  );
  const perThousand = (cpuMs: number) => (cpuMs * 1000) / count;
  return {
    rate: result,
    cpuPerThousand: {
      client: perThousand(cpu.client),
      server: perThousand(cpu.server),
      database: perThousand(cpu.database),
    },
  };
}
