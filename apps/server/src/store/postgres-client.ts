import { int64FromText } from '@residency/protocol';
import { Pool, type PoolClient, TypeOverrides, types } from 'pg';
import type { SqlClient, SqlQueryable, SqlResult } from './sql-client.ts';
import type { ConnectionUsage } from './types.ts';

/** A SQL client on a pool, which can say how its connections are used. */
export interface PooledSqlClient extends SqlClient {
  /** The pool's connections now: in use, idle, and statements waiting for one. */
  usage(): ConnectionUsage;
  /** False once `close` has been called. */
  isOpen(): boolean;
}

/** How to reach one country's PostgreSQL. */
export interface PostgresClientOptions {
  /** A `postgres://` URL. */
  readonly connectionString: string;
  /** The most connections the pool opens. */
  readonly poolSize: number;
  /** A schema every connection puts first on its search_path (a checked identifier). */
  readonly searchPath?: string | undefined;
}

// Range keys are signed 64-bit (types.ts) and count(*) is bigint: a number when the value is a
// safe integer, else an exact bigint, never pg's strings. Per pool, so other pg users in the
// process keep pg's defaults.
const TYPE_PARSERS = new TypeOverrides();
TYPE_PARSERS.setTypeParser(types.builtins.INT8, int64FromText);

// Deadlock and serialization failure: PostgreSQL rolled the transaction back, and running it
// again is the documented remedy. Our own lock order makes them rare.
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;

/**
 * Creates a SQL client on a pg pool.
 * @param options The URL, pool size and schema.
 * @returns The client; bigint as number when safe, else bigint, timestamptz as Date, bytea as Buffer (a Uint8Array).
 */
export function createPostgresClient(options: PostgresClientOptions): PooledSqlClient {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    types: TYPE_PARSERS,
    // Set at connection start-up: no extra round trip, and no connection without it.
    ...(options.searchPath === undefined
      ? {}
      : { options: `-c search_path=${options.searchPath}` }),
  });
  // An idle connection that breaks (server restart) is dropped by the pool and replaced on the
  // next query; without a listener the 'error' event would end the process.
  pool.on('error', () => undefined);
  return {
    query: (text, params) => runQuery(pool, text, params),
    transaction: (work) => runTransaction(pool, work),
    close: () => (pool.ended ? Promise.resolve() : pool.end()),
    usage: () => ({
      inUse: pool.totalCount - pool.idleCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    isOpen: () => !pool.ended && !pool.ending,
  };
}

async function runQuery<Row>(
  target: Pool | PoolClient,
  text: string,
  params: readonly unknown[] | undefined,
): Promise<SqlResult<Row>> {
  const result = await target.query(text, params === undefined ? [] : [...params]);
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
}

async function runTransaction<Result>(
  pool: Pool,
  work: (transaction: SqlQueryable) => Promise<Result>,
): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    const connection = await pool.connect();
    let broken: Error | undefined;
    try {
      await connection.query('BEGIN');
      const result = await work({ query: (text, params) => runQuery(connection, text, params) });
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      broken = await rollback(connection);
      const code = (error as { code?: unknown }).code;
      const retry = RETRYABLE_CODES.has(String(code)) && attempt < TRANSACTION_ATTEMPTS;
      if (!retry) throw error;
    } finally {
      // A connection whose rollback failed is in an unknown state: the pool discards it.
      connection.release(broken);
    }
  }
}

async function rollback(connection: PoolClient): Promise<Error | undefined> {
  try {
    await connection.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
