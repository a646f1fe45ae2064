// Bare SQL clients with the store's schema, for tests that look into the tables: an in-memory
// PGlite, and a fresh PostgreSQL database.

import { openPgliteClient } from '../../src/store/pglite-client.ts';
import { createPostgresClient } from '../../src/store/postgres-client.ts';
import { ensureSchema } from '../../src/store/schema-migrate.ts';
import type { SqlClient } from '../../src/store/sql-client.ts';
import { createTestDatabase, stopOwnPostgres, testPostgres } from './test-postgres.ts';

/** A kind of SQL client under test. */
export interface SqlClientKind {
  readonly name: string;
  /** Opens a client on an empty database with the schema in place. */
  open(): Promise<SqlClient>;
  /** Releases what `open` needed beyond the client (closed by the test). */
  cleanUp(): Promise<void>;
}

async function openPglite(): Promise<SqlClient> {
  const client = await openPgliteClient('memory://');
  await ensureSchema(client);
  return client;
}

async function openPostgres(): Promise<SqlClient> {
  const url = await createTestDatabase(await testPostgres(), 'sql');
  const client = createPostgresClient({ connectionString: url, poolSize: 4 });
  await ensureSchema(client);
  return client;
}

/** Both drivers. */
export const SQL_CLIENT_KINDS: readonly SqlClientKind[] = [
  { name: 'PGlite (in memory)', open: openPglite, cleanUp: async () => undefined },
  { name: 'PostgreSQL', open: openPostgres, cleanUp: stopOwnPostgres },
];
