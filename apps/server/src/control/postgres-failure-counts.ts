// Failed token requests counted in the control plane, so every copy of the server adds to the
// same counts: one upsert per failure (INSERT … ON CONFLICT … DO UPDATE … RETURNING) starts or
// extends a key's window atomically, however many copies count at once. Times are the copies'
// clocks (epoch milliseconds), which a scaled-out deployment keeps in step (NTP). A key holds
// whatever client id a request sent: it is stored as its SHA-256, which any text has (U+0000,
// which PostgreSQL text cannot hold, included) and which keeps submitted values out of the table.

import { createHash } from 'node:crypto';
import type { FailureCount, FailureCounts } from '../limits/failure-counts.ts';
import type { SqlClient } from '../store/sql-client.ts';
import { CONTROL_SCHEMA } from './control-schema.ts';

// Ended windows are swept every this many failures counted by this copy.
const SWEEP_EVERY = 256;

interface CountRow {
  key: string;
  failures: number;
  ends_at: number;
}

/** Failure counts in `residency_control.token_failures`. */
export class PostgresFailureCounts implements FailureCounts {
  readonly #client: SqlClient;
  #added = 0;

  /**
   * @param client The control database (its schema made by `ensureControlSchema`).
   */
  constructor(client: SqlClient) {
    this.#client = client;
  }

  /**
   * Reads the live counts of keys.
   * @param keys The keys.
   * @param now The current time, epoch milliseconds.
   * @returns One entry per key.
   * @throws The driver's error when the query fails.
   */
  async get(keys: readonly string[], now: number): Promise<(FailureCount | undefined)[]> {
    if (keys.length === 0) return [];
    const digests = keys.map(digestOf);
    const { rows } = await this.#client.query<CountRow>(
      `SELECT key, failures, ends_at FROM ${CONTROL_SCHEMA}.token_failures
        WHERE key = ANY($1::text[]) AND ends_at > $2::bigint`,
      [digests, now],
    );
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return digests.map((digest) => {
      const row = byKey.get(digest);
      return row === undefined ? undefined : { failures: row.failures, endsAt: row.ends_at };
    });
  }

  /**
   * Adds one failure in one statement.
   * @param key The key.
   * @param now The current time, epoch milliseconds.
   * @param windowMs The window's length.
   * @returns The count after this failure.
   * @throws The driver's error when the statement fails.
   */
  async add(key: string, now: number, windowMs: number): Promise<FailureCount> {
    const { rows } = await this.#client.query<CountRow>(
      `INSERT INTO ${CONTROL_SCHEMA}.token_failures AS t (key, failures, ends_at)
        VALUES ($1, 1, $2::bigint + $3::bigint)
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN t.ends_at > $2::bigint THEN t.failures + 1 ELSE 1 END,
          ends_at = CASE WHEN t.ends_at > $2::bigint THEN t.ends_at ELSE EXCLUDED.ends_at END
        RETURNING key, failures, ends_at`,
      [digestOf(key), now, windowMs],
    );
    this.#added += 1;
    if (this.#added % SWEEP_EVERY === 0) this.#sweep(now);
    const row = rows[0] as CountRow;
    return { failures: row.failures, endsAt: row.ends_at };
  }

  /**
   * Forgets a key's count.
   * @param key The key.
   * @returns When forgotten.
   * @throws The driver's error when the statement fails.
   */
  async clear(key: string): Promise<void> {
    await this.#client.query(`DELETE FROM ${CONTROL_SCHEMA}.token_failures WHERE key = $1`, [
      digestOf(key),
    ]);
  }

  // Ended windows count for nothing; removing them keeps the table small. Best effort: a
  // failed sweep is retried with a later one.
  #sweep(now: number): void {
    this.#client
      .query(`DELETE FROM ${CONTROL_SCHEMA}.token_failures WHERE ends_at <= $1::bigint`, [now])
      .catch(() => undefined);
  }
}

function digestOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
