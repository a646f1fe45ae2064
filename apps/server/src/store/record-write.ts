// Writes a batch of records, all or nothing (protocol.md §4.1, §4.2, and our conditional-write
// extension of types.ts).

import { stringifyJson } from '@residency/protocol';
import { auditJson } from './audit-sql.ts';
import type { AuditEntry } from './audit-types.ts';
import { PreconditionFailedError } from './errors.ts';
import { WRITTEN_COLUMNS } from './record-columns.ts';
import { type RecordRow, toStoredRecord } from './record-row.ts';
import { WRITE_RECORDS, WRITE_RECORDS_AUDITED } from './record-write-sql.ts';
import type { SqlClient, SqlQueryable } from './sql-client.ts';
import { LIVE_RECORD } from './sql-clock.ts';
import type { ConditionalWrite, RecordWrite, StoredRecord } from './types.ts';

interface ExistingRecord {
  readonly record_key: string;
  readonly updated_at: Date;
  readonly expired: boolean;
}

/**
 * Upserts records by (environment, record key), all or nothing: one statement, or one
 * transaction when preconditions need checking first. Keeps `created_at` and the attachments of
 * a live record; a record past its `expires_at` counts as gone, so a write over it starts afresh
 * (new `created_at`, no attachments). When a key appears twice the last write wins, and each
 * write's precondition is checked against the state before the batch.
 * @param client The database.
 * @param environment The environment written.
 * @param writes The records, each with its optional precondition.
 * @param audit The request's audit row, inserted by the same statement (or transaction) as the
 *   records: it exists exactly when they were stored.
 * @returns The stored records, in the order of `writes`.
 * @throws PreconditionFailedError listing every key whose precondition does not hold; nothing
 *   is stored then.
 */
export async function writeRecords(
  client: SqlClient,
  environment: string,
  writes: readonly ConditionalWrite[],
  audit?: AuditEntry | undefined,
): Promise<StoredRecord[]> {
  if (writes.length === 0) return [];
  const latest = new Map<string, RecordWrite>();
  for (const write of writes) latest.set(write.record.record_key, write.record);
  const keys = [...latest.keys()].sort();
  const conditional = writes.some((write) => write.expectedUpdatedAt !== undefined);
  const rows = conditional
    ? await client.transaction((transaction) =>
        writeChecked(transaction, { environment, keys, latest, audit }, writes),
      )
    : await upsert(client, { environment, keys, latest, audit });
  const stored = new Map(rows.map((row) => [String(row.record_key), toStoredRecord(row)]));
  return writes.map((write) => stored.get(write.record.record_key) as StoredRecord);
}

/** What one upsert statement writes. */
interface UpsertInput {
  readonly environment: string;
  /** The keys, sorted. */
  readonly keys: readonly string[];
  /** The last write of each key. */
  readonly latest: ReadonlyMap<string, RecordWrite>;
  readonly audit: AuditEntry | undefined;
}

async function writeChecked(
  transaction: SqlQueryable,
  input: UpsertInput,
  writes: readonly ConditionalWrite[],
): Promise<RecordRow[]> {
  const { environment, keys } = input;
  // Locked one by one in key order (keys are sorted), until commit: the checked state cannot
  // change before the write, and concurrent batches lock in the same order.
  const existing = await transaction.query<ExistingRecord>(
    `SELECT r.* FROM unnest($2::text[]) AS k(record_key)
     CROSS JOIN LATERAL (
       SELECT r.record_key, r.updated_at, NOT ${LIVE_RECORD} AS expired FROM records r
       WHERE r.environment = $1 AND r.record_key = k.record_key FOR NO KEY UPDATE
     ) r`,
    [environment, keys],
  );
  const failed = failedPreconditions(
    writes,
    new Map(existing.rows.map((row) => [row.record_key, row])),
  );
  if (failed.length > 0) throw new PreconditionFailedError(failed);
  const rows = await upsert(transaction, input);
  // A key that had to be absent, inserted meanwhile by a concurrent batch (no row to lock then).
  const raced = rows
    .filter((row) => row.inserted !== true && row.replaced_expired !== true)
    .map((row) => String(row.record_key))
    .filter((key) =>
      writes.some((write) => write.record.record_key === key && write.expectedUpdatedAt === null),
    );
  if (raced.length > 0) throw new PreconditionFailedError(raced);
  return rows;
}

function failedPreconditions(
  writes: readonly ConditionalWrite[],
  existing: ReadonlyMap<string, ExistingRecord>,
): string[] {
  const failed = new Set<string>();
  for (const { record, expectedUpdatedAt } of writes) {
    if (expectedUpdatedAt === undefined) continue;
    const current = existing.get(record.record_key);
    const live = current !== undefined && !current.expired ? current : undefined;
    const holds =
      expectedUpdatedAt === null
        ? live === undefined
        : live !== undefined && live.updated_at.getTime() === expectedUpdatedAt.getTime();
    if (!holds) failed.add(record.record_key);
  }
  return [...failed];
}

async function upsert(client: SqlQueryable, input: UpsertInput): Promise<RecordRow[]> {
  const { environment, keys, latest, audit } = input;
  const rows = keys.map((key) => toInputRow(latest.get(key) as RecordWrite));
  // stringifyJson writes a bigint range key as its bare digits; json_populate_recordset reads
  // them into the bigint column exactly.
  const parameters = [environment, stringifyJson(rows), keys];
  const result =
    audit === undefined
      ? await client.query(WRITE_RECORDS, parameters)
      : await client.query(WRITE_RECORDS_AUDITED, [...parameters, auditJson([audit])]);
  return result.rows;
}

function toInputRow(record: RecordWrite): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const fields = record as unknown as Record<string, unknown>;
  for (const column of WRITTEN_COLUMNS) row[column] = fields[column] ?? null;
  row.expires_at = record.expires_at instanceof Date ? record.expires_at.toISOString() : null;
  return row;
}
