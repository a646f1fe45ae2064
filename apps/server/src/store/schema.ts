// The one SQL schema of a country database, the same on PostgreSQL 15 and PGlite.
//
// Indexes, chosen by measurement (bench/find-index.ts for the store, bench/run.ts (b) end to
// end): a partial index per nullable key field (below), and, from version 2, `range_key1` as a
// second column of each string key's index, so a key's equality plus a range on `range_key1` —
// the bench's find — reads only the index entries in the range. At 1,000,000 records on
// PostgreSQL, a key held by 1 record in 100 with a range over a tenth of range_key1's span (about
// 1,000 matches): store p50 22.5 → 5.8 ms, through the SDK 26.6 → 8.5 ms; an equality alone
// still uses the index's first columns. A range on another range key reads the key's entries.
//
// Dates are timestamptz(3): milliseconds, as JavaScript's Date holds them, so an `updated_at` a
// client read back compares equal. Values the server makes are truncated (date_trunc), never
// rounded up into the next millisecond.

import { INDEXED_NULLABLE_FIELDS, RANGE_KEY_FIELDS, STRING_KEY_FIELDS } from './record-columns.ts';

/** One step of the schema's history; steps run in order, each once, in one transaction. */
export interface SchemaMigration {
  readonly version: number;
  readonly statements: readonly string[];
}

/** The size of an attachment chunk in bytes: 256 KiB, small enough to hold a few in memory. */
export const ATTACHMENT_CHUNK_SIZE: number = 256 * 1024;

const recordsTable = `CREATE TABLE records (
  environment text NOT NULL,
  record_key text NOT NULL,
  body text,
  precommit_body text,
  version bigint NOT NULL DEFAULT 0,
  is_encrypted boolean,
  ${STRING_KEY_FIELDS.map((field) => `${field} text`).join(',\n  ')},
  ${RANGE_KEY_FIELDS.map((field) => `${field} bigint`).join(',\n  ')},
  expires_at timestamptz(3),
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL,
  PRIMARY KEY (environment, record_key)
) WITH (fillfactor = 90)`;

// An attachment row exists from the first byte of its upload on, unpublished: its chunks are
// written in short statements that reference it, and one short transaction publishes it. A
// failed or abandoned upload is one row to delete; its chunks cascade. The record's deletion
// cascades to its attachments, and theirs to the chunks.
const attachmentsTable = `CREATE TABLE attachments (
  file_id text PRIMARY KEY,
  environment text NOT NULL,
  record_key text NOT NULL,
  filename text NOT NULL,
  mime_type text NOT NULL,
  size bigint,
  hash text,
  published boolean NOT NULL DEFAULT false,
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL,
  FOREIGN KEY (environment, record_key) REFERENCES records ON DELETE CASCADE
)`;

const chunksTable = `CREATE TABLE attachment_chunks (
  file_id text NOT NULL REFERENCES attachments ON DELETE CASCADE,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (file_id, seq)
)`;

// No primary key: rows are only appended, listed by time and purged by time, and a key's index
// would cost every audited write one more entry. key_hashes holds SHA-256 hex of stored record
// keys (never a raw key), at most AUDIT_KEY_CAP of them; key_count is the full count.
const auditTable = `CREATE TABLE audit_log (
  time timestamptz(3) NOT NULL,
  environment text NOT NULL,
  client_id text NOT NULL,
  action text NOT NULL,
  country text NOT NULL,
  status smallint NOT NULL,
  request_id text NOT NULL,
  key_hashes text[] NOT NULL,
  key_count integer NOT NULL
)`;

// Null fields cost a partial index nothing on write, and most of a record's 38 key fields are
// null; a filter on `field = v`, `field IN (…)` or a range implies `field IS NOT NULL`, so the
// planner uses the partial index for every such filter.
const keyIndexes = INDEXED_NULLABLE_FIELDS.map(
  (field) =>
    `CREATE INDEX records_${field} ON records (environment, ${field}) WHERE ${field} IS NOT NULL`,
);

/** The schema's history, oldest first. Append steps; never edit one that has shipped. */
export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    statements: [
      recordsTable,
      ...keyIndexes,
      // The default order of find pages. No index on updated_at: it changes on every write, and
      // an indexed column that changes rules out HOT updates (a rewrite without new entries in
      // every index), which a rewrite of the same keys otherwise gets: +20% rewrites measured.
      'CREATE INDEX records_created_at ON records (environment, created_at)',
      // purgeExpired spans every environment.
      'CREATE INDEX records_expiry ON records (expires_at) WHERE expires_at IS NOT NULL',
      attachmentsTable,
      'CREATE INDEX attachments_record ON attachments (environment, record_key)',
      chunksTable,
      // Chunks are often already compressed or encrypted: do not spend time compressing them.
      'ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL',
    ],
  },
  {
    // A string key's equality plus a range on range_key1 reads only the range's entries.
    version: 2,
    statements: STRING_KEY_FIELDS.flatMap((field) => [
      `DROP INDEX records_${field}`,
      `CREATE INDEX records_${field}_range ON records (environment, ${field}, range_key1) WHERE ${field} IS NOT NULL`,
    ]),
  },
  {
    // The audit log: one row per data-access request (audit-sql.ts). Append-only through the
    // server; only the retention purge deletes, by time.
    version: 3,
    statements: [
      auditTable,
      'CREATE INDEX audit_log_environment_time ON audit_log (environment, time)',
      // Listing every environment, and the retention purge.
      'CREATE INDEX audit_log_time ON audit_log (time)',
    ],
  },
];
