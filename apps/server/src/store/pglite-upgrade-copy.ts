// Copies one country's database of the old layout (its own PGlite folder, tables in `public`)
// into its schema of the one database, in one transaction: a kill midway leaves nothing of it
// (PGlite discards the uncommitted transaction on recovery), so the next start copies again.
// Rows move as PostgreSQL's binary COPY, batch by batch (at most ~8 MiB each, in key order), so
// values arrive exactly as stored, whatever the type parsers, and no table is ever held whole.
// The copy is checked (rows per table, attachment bytes) before it commits, and recorded in
// `public.residency_upgrades` in the same transaction.

import type { PGlite, Transaction } from '@electric-sql/pglite';
import { SCHEMA_MIGRATIONS } from './schema.ts';

/** What a country's tables hold: rows per table and the attachments' bytes, as decimal text. */
export interface TableCounts {
  readonly records: string;
  readonly attachments: string;
  readonly chunks: string;
  readonly bytes: string;
}

/** The outcome: copied now, or found copied by an earlier start (killed before moving aside). */
export interface CopyOutcome {
  readonly counts: TableCounts;
  readonly copiedBefore: boolean;
}

interface TableCopy {
  readonly table: 'records' | 'attachments' | 'attachment_chunks';
  readonly keys: readonly string[];
  /** Bytes a row weighs, roughly, read without detoasting. */
  readonly size: string;
}

const TABLES: readonly TableCopy[] = [
  {
    table: 'records',
    keys: ['environment', 'record_key'],
    size: 'coalesce(octet_length(body), 0) + coalesce(octet_length(precommit_body), 0) + 512',
  },
  { table: 'attachments', keys: ['file_id'], size: '512' },
  { table: 'attachment_chunks', keys: ['file_id', 'seq'], size: 'octet_length(data)' },
];

const BATCH_BYTES = 8 * 1024 * 1024;
const BATCH_ROWS = 1000;

/**
 * Copies the old database's rows into the schema, unless an earlier start did.
 * @param source The old database.
 * @param target The one database; the schema exists, with current tables.
 * @param schemaName The country's schema (`cc_de`, checked by the caller).
 * @param onBatch Called after each batch is copied (tests kill the process there).
 * @returns What was copied, or found copied.
 * @throws Error when the old database's schema is newer than this code, the schema already holds
 *   records (of a server run on this folder since), the old database changed since an earlier
 *   copy, or the copy's counts differ (nothing is committed then).
 */
export async function copyCountry(
  source: PGlite,
  target: PGlite,
  schemaName: string,
  onBatch: () => void = () => undefined,
): Promise<CopyOutcome> {
  const counts = await sourceCounts(source);
  const code = schemaName.slice(3);
  await target.exec(`CREATE TABLE IF NOT EXISTS public.residency_upgrades (
    country text PRIMARY KEY, counts jsonb NOT NULL, upgraded_at timestamptz NOT NULL DEFAULT now())`);
  const earlier = await target.query<{ counts: TableCounts }>(
    'SELECT counts FROM public.residency_upgrades WHERE country = $1',
    [code],
  );
  const recorded = earlier.rows[0]?.counts;
  if (recorded !== undefined) {
    if (sameCounts(recorded, counts)) return { counts, copiedBefore: true };
    throw new Error(
      `the old database of ${code} changed after it was copied into schema ${schemaName} ` +
        '(did an older server run on this data folder?): move it out of the data folder',
    );
  }
  const present = await countRows(target, `${schemaName}.`);
  if (present.records !== '0' || present.attachments !== '0') {
    throw new Error(
      `schema ${schemaName} already holds records, and the old database of ${code} too: ` +
        'move the old one out of the data folder, or merge them yourself',
    );
  }
  await target.transaction(async (transaction) => {
    for (const table of TABLES) await copyTable(source, transaction, schemaName, table, onBatch);
    const copied = await countRows(transaction, `${schemaName}.`);
    if (!sameCounts(copied, counts)) {
      throw new Error(`the copy of ${code} does not match its old database: nothing was kept`);
    }
    await transaction.query(
      'INSERT INTO public.residency_upgrades (country, counts) VALUES ($1, $2::text::jsonb)',
      [code, JSON.stringify(counts)],
    );
  });
  return { counts, copiedBefore: false };
}

async function sourceCounts(source: PGlite): Promise<TableCounts> {
  const tables = await source.query<{ records: string | null; version: string | null }>(
    "SELECT to_regclass('records')::text AS records, to_regclass('schema_version')::text AS version",
  );
  const found = tables.rows[0];
  // initdb done but killed before its tables were made: an empty country.
  if (found?.records === null || found?.records === undefined) {
    return { records: '0', attachments: '0', chunks: '0', bytes: '0' };
  }
  if (found.version !== null) {
    const stored = await source.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_version',
    );
    const latest = SCHEMA_MIGRATIONS.at(-1)?.version ?? 0;
    if ((stored.rows[0]?.version ?? 0) > latest) {
      throw new Error(`an old country database has a schema newer than this server (${latest})`);
    }
  }
  return countRows(source, '');
}

function countRows(database: Pick<PGlite, 'query'>, prefix: string): Promise<TableCounts> {
  return database
    .query<TableCounts>(
      `SELECT (SELECT count(*) FROM ${prefix}records)::text AS records,
        (SELECT count(*) FROM ${prefix}attachments)::text AS attachments,
        (SELECT count(*) FROM ${prefix}attachment_chunks)::text AS chunks,
        (SELECT coalesce(sum(octet_length(data)), 0) FROM ${prefix}attachment_chunks)::text AS bytes`,
    )
    .then((result) => result.rows[0] as TableCounts);
}

function sameCounts(left: TableCounts, right: TableCounts): boolean {
  return (['records', 'attachments', 'chunks', 'bytes'] as const).every(
    (field) => left[field] === right[field],
  );
}

async function copyTable(
  source: PGlite,
  target: Transaction,
  schemaName: string,
  copy: TableCopy,
  onBatch: () => void,
): Promise<void> {
  const columns = await columnList(source, copy.table);
  let after: readonly unknown[] | undefined;
  for (;;) {
    const batch = await nextBatch(source, copy, after);
    if (batch === undefined) return;
    const select = await batchSelect(source, copy, columns, after, batch);
    const out = await source.query(`COPY (${select}) TO '/dev/blob' WITH (FORMAT binary)`);
    await target.query(
      `COPY ${schemaName}.${copy.table} (${columns}) FROM '/dev/blob' WITH (FORMAT binary)`,
      [],
      { blob: out.blob as Blob },
    );
    after = batch;
    onBatch();
  }
}

/** The table's columns in the old database, quoted, in their order. */
async function columnList(source: PGlite, table: string): Promise<string> {
  const result = await source.query<{ columns: string }>(
    `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS columns
     FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  return result.rows[0]?.columns as string;
}

/** The key of the last row of the next batch, or undefined when no row is left. */
async function nextBatch(
  source: PGlite,
  copy: TableCopy,
  after: readonly unknown[] | undefined,
): Promise<readonly unknown[] | undefined> {
  const keys = copy.keys.join(', ');
  const params = after === undefined ? [] : [...after];
  const where = after === undefined ? '' : `WHERE (${keys}) > (${placeholders(after.length)})`;
  const result = await source.query<Record<string, unknown> & { size: number }>(
    `SELECT ${keys}, (${copy.size})::integer AS size FROM ${copy.table} ${where}
     ORDER BY ${keys} LIMIT ${BATCH_ROWS}`,
    params,
  );
  let total = 0;
  let last: Record<string, unknown> | undefined;
  for (const row of result.rows) {
    total += row.size;
    if (last !== undefined && total > BATCH_BYTES) break;
    last = row;
  }
  return last === undefined ? undefined : copy.keys.map((key) => last[key]);
}

/** The batch's SELECT, its bounds as literals that PostgreSQL quoted (COPY takes no parameters). */
async function batchSelect(
  source: PGlite,
  copy: TableCopy,
  columns: string,
  after: readonly unknown[] | undefined,
  upTo: readonly unknown[],
): Promise<string> {
  const bounds = [...(after ?? []), ...upTo];
  const quoted = await source.query<Record<string, string>>(
    `SELECT ${bounds.map((_, index) => `quote_literal($${index + 1}::text) AS q${index}`).join(', ')}`,
    bounds.map(String),
  );
  const literals = Object.values(quoted.rows[0] ?? {});
  const keys = copy.keys.join(', ');
  const upper = literals.slice(after === undefined ? 0 : after.length).join(', ');
  const lower =
    after === undefined ? '' : `(${keys}) > (${literals.slice(0, after.length).join(', ')}) AND `;
  return `SELECT ${columns} FROM ${copy.table} WHERE ${lower}(${keys}) <= (${upper}) ORDER BY ${keys}`;
}

function placeholders(count: number): string {
  return Array.from({ length: count }, (_, index) => `$${index + 1}`).join(', ');
}
