// The measurements of the find-index bench, over any SQL client: load records through the
// store in batches, time finds, list the indexes.

import type { CountryStore, FindQuery } from '../src/store/index.ts';
import { INDEXED_NULLABLE_FIELDS } from '../src/store/record-columns.ts';
import type { SqlClient } from '../src/store/sql-client.ts';
import { benchRecord, hashed, KEY2_VALUES, RANGE_SPAN } from './store-bench-data.ts';

/** Which secondary indexes the records table has during a run. */
export type IndexVariant = 'partial' | 'full' | 'none';

/** Timings of one kind of find, in milliseconds. */
export interface FindTiming {
  readonly name: string;
  readonly p50: number;
  readonly p99: number;
  readonly total: number;
}

/**
 * Replaces the schema's partial key indexes: `full` indexes every row (nulls included), `none`
 * drops them, `partial` keeps the schema's.
 * @param client The database.
 * @param variant The variant to set up.
 * @returns When done.
 */
export async function applyIndexVariant(client: SqlClient, variant: IndexVariant): Promise<void> {
  if (variant === 'partial') return;
  for (const field of INDEXED_NULLABLE_FIELDS) {
    await client.query(`DROP INDEX IF EXISTS records_${field}`);
    if (variant === 'full') {
      await client.query(`CREATE INDEX records_${field} ON records (environment, ${field})`);
    }
  }
}

/**
 * Writes `count` records in batches into every store. One store: `concurrency` batches at a
 * time, timed by the wall clock. Several (a comparison): each batch goes to each store in turn,
 * one at a time, and each store's own time is summed, so all meet the same machine at the same
 * moment: on a shared machine a neighbour's burst then spoils every variant alike.
 * @param stores The country stores.
 * @param environment The environment written.
 * @param count How many records.
 * @param batchSize Records per write call.
 * @param concurrency Write calls in flight (one store only).
 * @returns Records per second, per store.
 */
export async function loadRecords(
  stores: readonly CountryStore[],
  environment: string,
  count: number,
  batchSize: number,
  concurrency: number,
): Promise<number[]> {
  const spent = stores.map(() => 0);
  let next = 0;
  const started = performance.now();
  let reported = started;
  async function worker(): Promise<void> {
    while (next < count) {
      const first = next;
      next = Math.min(count, next + batchSize);
      const writes = [];
      for (let index = first; index < next; index++) writes.push({ record: benchRecord(index) });
      for (const [position, store] of stores.entries()) {
        const before = performance.now();
        await store.write(environment, writes);
        spent[position] = (spent[position] ?? 0) + performance.now() - before;
      }
      if (performance.now() - reported > 10_000) {
        reported = performance.now();
        process.stderr.write(`  … ${next} records\n`);
      }
    }
  }
  const workers = stores.length === 1 ? concurrency : 1;
  await Promise.all(Array.from({ length: workers }, () => worker()));
  if (stores.length === 1) return [(count * 1000) / (performance.now() - started)];
  return spent.map((milliseconds) => (count * 1000) / milliseconds);
}

/**
 * Times the finds the bench reports, each a number of times with varying values, every run on
 * each store in turn.
 * @param stores The country stores (loaded alike).
 * @param environment The loaded environment.
 * @param count How many records it holds.
 * @param samples Runs per indexed find (search, a full scan, runs a tenth as often).
 * @returns The timings, per store.
 */
export async function measureFinds(
  stores: readonly CountryStore[],
  environment: string,
  count: number,
  samples: number,
): Promise<FindTiming[][]> {
  const timings: FindTiming[][] = stores.map(() => []);
  for (const [name, runs, query] of benchFinds(count, samples)) {
    const found = await timeFind(stores, environment, name, runs, query);
    for (const [position, timing] of found.entries()) timings[position]?.push(timing);
  }
  return timings;
}

/** The finds the bench times: a name, how often, and the query of each run. */
function benchFinds(
  count: number,
  samples: number,
): [string, number, (sample: number) => FindQuery][] {
  const pick = (salt: number) => (salt * 7919) % count;
  const page = { sort: [], limit: 100, offset: 0 } as const;
  return [
    [
      'key1 = v (1 match)',
      samples,
      (sample) => ({
        ...page,
        where: { kind: 'eq', field: 'key1', value: hashed(`key1-${pick(sample)}`) },
      }),
    ],
    [
      'profile_key IN (5 values)',
      samples,
      (sample) => ({
        ...page,
        where: {
          kind: 'in',
          field: 'profile_key',
          values: [0, 1, 2, 3, 4].map((offset) =>
            hashed(`profile-${Math.floor(pick(sample) / 10) + offset}`),
          ),
        },
      }),
    ],
    [
      'key2 = v (1%), page of 100',
      samples,
      (sample) => ({
        ...page,
        where: { kind: 'eq', field: 'key2', value: hashed(`key2-${sample % KEY2_VALUES}`) },
      }),
    ],
    ['range_key1 in 0.1%, sorted', samples, (sample) => rangeQuery(pick(sample))],
    [
      'search_keys (scan)',
      Math.max(1, Math.floor(samples / 10)),
      (sample) => ({
        ...page,
        where: { kind: 'search', text: hashed(`key1-${pick(sample)}`).slice(10, 30) },
      }),
    ],
  ];
}

function rangeQuery(start: number): FindQuery {
  const low = start % (RANGE_SPAN - RANGE_SPAN / 1000);
  return {
    where: {
      kind: 'and',
      conditions: [
        { kind: 'range', field: 'range_key1', op: '$gte', value: low },
        { kind: 'range', field: 'range_key1', op: '$lt', value: low + RANGE_SPAN / 1000 },
      ],
    },
    sort: [{ field: 'range_key1', direction: 'asc' }],
    limit: 100,
    offset: 0,
  };
}

async function timeFind(
  stores: readonly CountryStore[],
  environment: string,
  name: string,
  runs: number,
  query: (sample: number) => FindQuery,
): Promise<FindTiming[]> {
  const durations: number[][] = stores.map(() => []);
  const totals = stores.map(() => 0);
  // Two warm-up runs: plans, caches and the JIT settle.
  for (let sample = -2; sample < runs; sample++) {
    for (const [position, store] of stores.entries()) {
      const started = performance.now();
      const result = await store.find(environment, query(sample + 2));
      if (sample >= 0) durations[position]?.push(performance.now() - started);
      totals[position] = result.total;
    }
  }
  return durations.map((list, position) => {
    list.sort((left, right) => left - right);
    const at = (quantile: number) =>
      list[Math.min(list.length - 1, Math.floor(quantile * list.length))] ?? 0;
    return { name, p50: at(0.5), p99: at(0.99), total: totals[position] ?? 0 };
  });
}

/**
 * Lists the records table's indexes and their sizes.
 * @param client The database.
 * @returns One line per index: name, size in MiB, definition.
 */
export async function listIndexes(client: SqlClient): Promise<string[]> {
  const result = await client.query<{ name: string; bytes: number; definition: string }>(
    `SELECT indexname AS name, pg_relation_size(format('%I', indexname)::regclass)::bigint AS bytes,
            indexdef AS definition
     FROM pg_indexes WHERE tablename = 'records' AND schemaname = current_schema()
     ORDER BY indexname`,
  );
  const empty = result.rows.filter((row) => row.bytes <= 8192);
  const lines = result.rows
    .filter((row) => row.bytes > 8192)
    .map(
      (row) =>
        `${row.name.padEnd(26)} ${(row.bytes / 1048576).toFixed(1).padStart(7)} MiB  ${row.definition.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+ USING btree /, '')}`,
    );
  // The partial indexes of fields the bench leaves null hold nothing: one line for them all.
  const names = empty.map((row) => row.name.replace('records_', '')).join(' ');
  return empty.length === 0 ? lines : [...lines, `${empty.length} empty (one page each): ${names}`];
}

/**
 * The records table's size without its indexes.
 * @param client The database.
 * @returns MiB.
 */
export async function tableMiB(client: SqlClient): Promise<number> {
  const result = await client.query<{ bytes: number }>(
    "SELECT pg_table_size('records')::bigint AS bytes",
  );
  return (result.rows[0]?.bytes ?? 0) / 1048576;
}
