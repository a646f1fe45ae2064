// Reads every row the storage server left on disk, for the proof that no plaintext is there.
// Run only after the server's process has exited: one PGlite folder, one process at a time.
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** One stored value, named by where it is. */
export interface StoredValue {
  /** `<country>.<table>.<column>`. */
  readonly place: string;
  /** The value as text; bytes decoded as UTF-8. */
  readonly text: string;
}

function asText(value: unknown): string {
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Every non-null value of every row of every table, in every country's schema of a data folder's
 * database (`<data>/pglite/pgdata`, a schema `cc_<cc>` per country: the embedded server's layout).
 *
 * @param dataDir The server's data folder.
 * @returns The values, named by country, table and column.
 */
export async function readStoredValues(dataDir: string): Promise<StoredValue[]> {
  const database = await PGlite.create(join(dataDir, 'pglite', 'pgdata'));
  try {
    const tables = await database.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_schema LIKE 'cc\\_%' AND table_type = 'BASE TABLE'`,
    );
    const values: StoredValue[] = [];
    for (const { table_schema: schema, table_name: table } of tables.rows) {
      const rows = await database.query<{ [column: string]: unknown }>(
        `SELECT * FROM "${schema}"."${table}"`,
      );
      const country = schema.slice('cc_'.length);
      for (const row of rows.rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value !== null)
            values.push({ place: `${country}.${table}.${column}`, text: asText(value) });
        }
      }
    }
    return values;
  } finally {
    await database.close();
  }
}
