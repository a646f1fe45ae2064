// (b) Find latency: an indexed key equality plus a range filter, through the SDK over HTTP, on a
// bulk of records loaded directly with SQL (bulk-sql.ts: fast, and not what is measured). The same
// query through the store alone, in this process, is the reference: the difference is HTTP, the
// server's validation and encoding, and the SDK's hashing and decryption. Two keys: a selective
// one (key3, a customer: one record in 10,000) and a broad one (key2: one record in 100).

import type { FindFilter, Storage } from '@residency/sdk';
import type { CountryStore, FindQuery } from '../src/store/index.ts';
import { type Latency, measureLatency } from './bench-measure.ts';
import { CUSTOMERS } from './bulk-sql.ts';
import { type CpuSpent, measureCpu } from './process-stats.ts';
import { hashed, KEY2_VALUES, RANGE_SPAN } from './store-bench-data.ts';

/** Finds timed per case, through each path. */
export const FIND_RUNS = 200;

/** The range filter covers a tenth of range_key1's span. */
const RANGE_WIDTH = RANGE_SPAN / 10;

/** One kind of timed find: a plain search key's equality, the range, and a page size. */
export interface FindCase {
  readonly title: string;
  readonly field: 'key2' | 'key3';
  /** The key's value in the run-th find (key1..key20 are plain: the SDK sends them as they are). */
  readonly value: (run: number) => string;
  readonly limit: number;
  /** The share of the records the key's equality matches. */
  readonly share: number;
}

/** The cases: a selective key with a full page, a broad key with a small and a full page. */
export const FIND_CASES: readonly FindCase[] = [
  {
    title: 'key3 (1 in 10,000) + range, page 100',
    field: 'key3',
    value: (run) => `customer-${(run * 7919) % CUSTOMERS}`,
    limit: 100,
    share: 1 / CUSTOMERS,
  },
  {
    title: 'key2 (1 in 100) + range, page 10',
    field: 'key2',
    value: (run) => hashed(`key2-${run % KEY2_VALUES}`),
    limit: 10,
    share: 1 / KEY2_VALUES,
  },
  {
    title: 'key2 (1 in 100) + range, page 100',
    field: 'key2',
    value: (run) => hashed(`key2-${run % KEY2_VALUES}`),
    limit: 100,
    share: 1 / KEY2_VALUES,
  },
];

/** The run-th range: a tenth of the span, moving around. */
function rangeOf(run: number): { low: number; high: number } {
  const low = (run * 7919 * 13) % (RANGE_SPAN - RANGE_WIDTH);
  return { low, high: low + RANGE_WIDTH };
}

/**
 * The run-th find of a case as the SDK is called.
 * @param findCase The case.
 * @param run The run's number.
 * @returns The filter.
 */
export function sdkFilter(findCase: FindCase, run: number): FindFilter {
  const { low, high } = rangeOf(run);
  return { [findCase.field]: findCase.value(run), rangeKey1: { $gte: low, $lt: high } };
}

/**
 * The run-th find of a case as the server hands it to the store.
 * @param findCase The case.
 * @param run The run's number.
 * @returns The store's query.
 */
export function storeQuery(findCase: FindCase, run: number): FindQuery {
  const { low, high } = rangeOf(run);
  return {
    where: {
      kind: 'and',
      conditions: [
        { kind: 'eq', field: findCase.field, value: findCase.value(run) },
        { kind: 'range', field: 'range_key1', op: '$gte', value: low },
        { kind: 'range', field: 'range_key1', op: '$lt', value: high },
      ],
    },
    sort: [],
    limit: findCase.limit,
    offset: 0,
  };
}

/**
 * Times every case through the store.
 * @param store The country store, opened in this process.
 * @param environment The loaded environment.
 * @returns Latency per case, in the order of `FIND_CASES`.
 */
export async function measureStoreFinds(
  store: CountryStore,
  environment: string,
): Promise<Latency[]> {
  const latencies: Latency[] = [];
  for (const findCase of FIND_CASES) {
    latencies.push(
      await measureLatency(FIND_RUNS, (run) => store.find(environment, storeQuery(findCase, run))),
    );
  }
  return latencies;
}

/** What the SDK's finds of one case measured. */
export interface SdkFindFigures {
  readonly latency: Latency;
  /** CPU milliseconds per find of the client (the SDK), the server and the database. */
  readonly cpuPerFind: CpuSpent;
}

/**
 * Times every case through the SDK, checking that every page decrypts.
 * @param storage The SDK, connected to the server, with the bulk's secrets.
 * @param pids The server process, and the PostgreSQL cluster's postmaster if any.
 * @returns Latency and CPU time per case, in the order of `FIND_CASES`.
 * @throws Error when a found record cannot be decrypted (the bench would time failures).
 */
export async function measureSdkFinds(
  storage: Storage,
  pids: { readonly server: number; readonly database: number | undefined },
): Promise<SdkFindFigures[]> {
  const figures: SdkFindFigures[] = [];
  for (const findCase of FIND_CASES) {
    const { result, cpu } = await measureCpu(pids, () =>
      measureLatency(FIND_RUNS, async (run) => {
        const found = await storage.find('de', sdkFilter(findCase, run), {
          limit: findCase.limit,
        });
        if (found.errors !== undefined) throw new Error('the bench records did not decrypt');
      }),
    );
    // measureLatency makes two warm-up calls besides the timed ones.
    const perFind = (cpuMs: number) => cpuMs / (FIND_RUNS + 2);
    figures.push({
      latency: result,
      cpuPerFind: {
        client: perFind(cpu.client),
        server: perFind(cpu.server),
        database: perFind(cpu.database),
      },
    });
  }
  return figures;
}
