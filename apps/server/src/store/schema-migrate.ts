import { SCHEMA_MIGRATIONS, type SchemaMigration } from './schema.ts';
import type { SqlClient, SqlQueryable } from './sql-client.ts';

// One advisory lock key for every schema of a database: several server processes that start at
// once against one PostgreSQL queue on it, and the first creates the tables while the others
// wait and then find them there. Creating a few country schemas one after the other costs little.
const SCHEMA_LOCK_KEY = 7_290_315_148_861;

// A country's schema (`cc_de`), or a spare one of the PGlite template (`spare_1`): names this
// code makes, never user text, since they are put into statements as identifiers.
const SCHEMA_NAME = /^(cc_[a-z]{2}|spare_[1-9][0-9]?)$/;

/** Where the tables go: the connection's current schema, or a named one created if needed. */
export interface EnsureSchemaOptions {
  /**
   * A schema `cc_<code>` (or a template's `spare_<n>`) to create first; the client's connections
   * must already have it first on their `search_path`. Omit it for a database of its own (a URL
   * per country).
   */
  readonly schemaName?: string | undefined;
  /** The history to apply; the shipped one by default (tests may pass a longer one). */
  readonly migrations?: readonly SchemaMigration[] | undefined;
}

/**
 * Creates or upgrades the schema: runs every migration newer than the stored version, in one
 * transaction under an advisory lock. Safe to call from several processes at once; a no-op when
 * the schema is current.
 * @param client The database.
 * @param options Where the tables go, and which history to apply.
 * @returns The schema version now in place.
 * @throws Error when `schemaName` is neither `cc_` and two lowercase letters nor `spare_<n>`, or
 *   the stored version is newer than this code knows (an older server against a newer database);
 *   the driver's error when a statement fails (nothing is applied then).
 */
export async function ensureSchema(
  client: SqlClient,
  options: EnsureSchemaOptions = {},
): Promise<number> {
  const { schemaName, migrations = SCHEMA_MIGRATIONS } = options;
  if (schemaName !== undefined && !SCHEMA_NAME.test(schemaName)) {
    throw new Error('schema name must be cc_ and a two-letter country code, or spare_<n>');
  }
  return client.transaction(async (transaction) => {
    await transaction.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    if (schemaName !== undefined) {
      // The name was checked against SCHEMA_NAME above: an identifier, never user text.
      await transaction.query(`CREATE SCHEMA IF NOT EXISTS ${schemaName}`);
    }
    await transaction.query(
      `CREATE TABLE IF NOT EXISTS schema_version (
        version integer PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const current = await storedVersion(transaction);
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new Error(`database schema version ${current} is newer than this server (${latest})`);
    }
    for (const migration of migrations) {
      if (migration.version > current) await applyMigration(transaction, migration);
    }
    return Math.max(current, latest);
  });
}

async function storedVersion(transaction: SqlQueryable): Promise<number> {
  const result = await transaction.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_version',
  );
  return result.rows[0]?.version ?? 0;
}

async function applyMigration(
  transaction: SqlQueryable,
  migration: SchemaMigration,
): Promise<void> {
  for (const statement of migration.statements) await transaction.query(statement);
  await transaction.query('INSERT INTO schema_version (version) VALUES ($1)', [migration.version]);
}
