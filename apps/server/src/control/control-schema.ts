// The control plane in PostgreSQL: the environments, their clients (secret hashes and
// generations) and the failed-login counts every copy of the server shares, in the schema
// `residency_control` of the control database (`controlUrl`, else `postgresUrl`). A change
// counter, bumped in the transaction of every change, and a NOTIFY on commit tell the other
// copies to re-read. Plain PostgreSQL 15 SQL.

import type { SqlClient } from '../store/sql-client.ts';

/** The schema of the control plane. */
export const CONTROL_SCHEMA = 'residency_control';

/** The NOTIFY channel a change is announced on (its payload is the new change count). */
export const CONTROL_CHANNEL = 'residency_control_changes';

/**
 * Advisory lock keys (`pg_advisory_xact_lock`) of the control plane: one serialises creating
 * the schema, the other the first start's development environment.
 */
export const CONTROL_LOCKS: { readonly schema: number; readonly firstEnvironment: number } =
  Object.freeze({ schema: 7_265_730_001, firstEnvironment: 7_265_730_002 });

const STATEMENTS = [
  `CREATE SCHEMA IF NOT EXISTS ${CONTROL_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${CONTROL_SCHEMA}.environments (
    id text PRIMARY KEY,
    plain_search_keys boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${CONTROL_SCHEMA}.clients (
    id text PRIMARY KEY,
    environment_id text NOT NULL REFERENCES ${CONTROL_SCHEMA}.environments (id) ON DELETE CASCADE,
    secret_hash text NOT NULL,
    generation integer NOT NULL DEFAULT 0 CHECK (generation >= 0),
    created_at timestamptz NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS clients_environment_id ON ${CONTROL_SCHEMA}.clients (environment_id)`,
  // One row: how many changes the environments have seen; copies poll it as a fallback.
  `CREATE TABLE IF NOT EXISTS ${CONTROL_SCHEMA}.changes (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version bigint NOT NULL)`,
  `INSERT INTO ${CONTROL_SCHEMA}.changes (singleton, version) VALUES (true, 0)
    ON CONFLICT (singleton) DO NOTHING`,
  // Failed token requests per key (the SHA-256 hex of the address, or of the address and the
  // client id) in the window that ends at ends_at (epoch milliseconds).
  `CREATE TABLE IF NOT EXISTS ${CONTROL_SCHEMA}.token_failures (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    ends_at bigint NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS token_failures_ends_at ON ${CONTROL_SCHEMA}.token_failures (ends_at)`,
];

/**
 * Creates the control schema and its tables when missing. Under an advisory lock: `CREATE …
 * IF NOT EXISTS` run by two copies at once can still collide on the catalog.
 * @param client The control database.
 * @returns When the schema is in place.
 * @throws The driver's error when the database refuses.
 */
export async function ensureControlSchema(client: SqlClient): Promise<void> {
  await client.transaction(async (transaction) => {
    await transaction.query('SELECT pg_advisory_xact_lock($1)', [CONTROL_LOCKS.schema]);
    for (const statement of STATEMENTS) await transaction.query(statement);
  });
}
