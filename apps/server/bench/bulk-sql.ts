// The bulk of the find benchmark, generated inside the database by one INSERT … SELECT per slice
// of generate_series: the records of store-bench-data's `benchRecord` (the same hashes, the same
// spread of range_key1), computed by PostgreSQL's own sha256, three times faster than sending
// them through the store on PGlite, and far faster on PostgreSQL. One key more: key3 names one
// of `CUSTOMERS` customers, a selective plain key. Creation dates are a millisecond apart, as a
// stream of writes would leave them. A check compares sample rows with `benchRecord`, so the two
// definitions cannot drift apart unnoticed.

import type { RecordWrite } from '../src/store/index.ts';
import type { SqlClient } from '../src/store/sql-client.ts';
import { measureRate } from './bench-measure.ts';
import { BENCH_SECRET_VERSION } from './bench-records.ts';
import { benchRecord } from './store-bench-data.ts';

/** Rows per INSERT statement. */
const SLICE_ROWS = 50_000;

/** How many customers key3 names: a customer has one record in `CUSTOMERS`. */
export const CUSTOMERS = 10_000;

/**
 * The key3 of the index-th bulk record.
 * @param index The record's number.
 * @returns Its customer, e.g. `customer-42`.
 */
export function customerKey(index: number): string {
  return `customer-${index % CUSTOMERS}`;
}

// `hashed(label)` of store-bench-data: SHA-256 hex of the label's UTF-8 bytes.
const hashedSql = (label: string) => `encode(sha256(convert_to(${label}, 'UTF8')), 'hex')`;

const INSERT_SLICE = `INSERT INTO records (environment, record_key, body, version, is_encrypted,
    profile_key, key1, key2, key3, range_key1, expires_at, created_at, updated_at)
  SELECT $1, ${hashedSql(`'record-' || i`)}, $2, $3, true,
    ${hashedSql(`'profile-' || (i / 10)`)}, ${hashedSql(`'key1-' || i`)},
    ${hashedSql(`'key2-' || (i % 100)`)}, 'customer-' || (i % ${CUSTOMERS}),
    (i * 2654435761) % 1000000, CASE WHEN i % 10 = 0 THEN now() + interval '365 days' END,
    now() - ($6::bigint - i) * interval '1 millisecond',
    now() - ($6::bigint - i) * interval '1 millisecond'
  FROM generate_series($4::bigint, $5::bigint) AS i`;

/**
 * Inserts records 0 .. count-1 of `benchRecord`, each with the given body.
 * @param client The country's database, schema in place.
 * @param environment The environment to fill.
 * @param body The body of every record (one the SDK encrypted, so finds decrypt it).
 * @param count How many records.
 * @returns Records per second.
 */
export async function loadBulkSql(
  client: SqlClient,
  environment: string,
  body: string,
  count: number,
): Promise<number> {
  let done = 0;
  // Two slices at a time: PostgreSQL runs them on both cores; PGlite, one connection, in turn.
  const rate = await measureRate(count, SLICE_ROWS, 2, async (first, size) => {
    await client.query(INSERT_SLICE, [
      environment,
      body,
      BENCH_SECRET_VERSION,
      first,
      first + size - 1,
      count,
    ]);
    done += size;
    process.stderr.write(`  … bulk: ${done} of ${count}\n`);
  });
  return rate;
}

/**
 * Checks sample rows against `benchRecord`.
 * @param client The database.
 * @param environment The loaded environment.
 * @param count How many records were loaded.
 * @returns When every sample matches.
 * @throws Error naming the first field that differs.
 */
export async function checkBulk(
  client: SqlClient,
  environment: string,
  count: number,
): Promise<void> {
  for (const index of [0, 7, Math.floor(count / 2), count - 1]) {
    const expected: RecordWrite = { ...benchRecord(index), key3: customerKey(index) };
    const result = await client.query<Record<string, unknown>>(
      `SELECT profile_key, key1, key2, key3, range_key1, expires_at IS NOT NULL AS expires
       FROM records WHERE environment = $1 AND record_key = $2`,
      [environment, expected.record_key],
    );
    const row = result.rows[0];
    const fields = ['profile_key', 'key1', 'key2', 'key3', 'range_key1'] as const;
    for (const field of fields) {
      if (row?.[field] !== expected[field])
        throw new Error(`bulk record ${index}: ${field} differs`);
    }
    if (row?.expires !== (expected.expires_at !== null)) {
      throw new Error(`bulk record ${index}: expires_at differs`);
    }
  }
}
