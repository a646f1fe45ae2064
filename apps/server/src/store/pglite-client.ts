import { PGlite, type Results, types } from '@electric-sql/pglite';
import { int64FromText } from '@residency/protocol';
import type { SqlClient, SqlResult } from './sql-client.ts';

/**
 * Opens a PGlite database in a folder (created, and initialised, when empty) as a SQL client.
 * The caller must hold the folder's lock: PGlite itself does not stop a second process.
 * @param dataDir The database's folder.
 * @returns The client; bigint columns come back as numbers when safe, else as bigints,
 *   timestamptz as Date, bytea as Uint8Array.
 * @throws The PGlite error when the folder cannot be opened as a database.
 */
export async function openPgliteClient(dataDir: string): Promise<SqlClient> {
  return wrapPglite(await openPgliteDatabase(dataDir));
}

/**
 * Opens a PGlite database in a folder (created, and initialised, when empty) with the store's
 * type parsers, for code that needs PGlite itself (COPY with blobs) beside the SQL client.
 * @param dataDir The database's folder.
 * @returns The database.
 * @throws The PGlite error when the folder cannot be opened as a database.
 */
export function openPgliteDatabase(dataDir: string): Promise<PGlite> {
  return PGlite.create(dataDir, {
    // Range keys are signed 64-bit (types.ts), and count(*) is bigint too: a number when the
    // value is a safe integer, else an exact bigint; never a rounded number nor a string.
    parsers: { [types.INT8]: int64FromText, [types.BYTEA]: parseBytea },
    serializers: { [types.BYTEA]: serializeBytea },
  });
}

// PGlite's own bytea codec converts byte by byte in JavaScript (an array of hex strings per
// chunk): attachments moved at 8 MiB/s up and 12 MiB/s down with most of the server's time in
// it. Buffer's native hex codec does the same conversion.

function serializeBytea(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError('a bytea value must be a Uint8Array');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

function parseBytea(text: string): Uint8Array {
  const bytes = Buffer.from(text.slice(2), 'hex');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Wraps an open PGlite database as a SQL client; closing the client closes the database.
 * @param database The database.
 * @returns The client.
 */
export function wrapPglite(database: PGlite): SqlClient {
  return {
    query: (text, params) => runQuery(database, text, params),
    // PGlite runs one transaction at a time and queues every other statement behind it.
    transaction: (work) =>
      database.transaction((transaction) =>
        work({ query: (text, params) => runQuery(transaction, text, params) }),
      ),
    close: () => (database.closed ? Promise.resolve() : database.close()),
  };
}

async function runQuery<Row>(
  target: Pick<PGlite, 'query'>,
  text: string,
  params: readonly unknown[] | undefined,
): Promise<SqlResult<Row>> {
  const result: Results<Row> = await target.query<Row>(
    text,
    params === undefined ? [] : [...params],
  );
  // affectedRows counts what INSERT/UPDATE/DELETE touched, and is 0 for a SELECT.
  return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
}
