// The one statement that writes a batch of records. One statement is atomic on its own, so an
// unconditional batch costs a single round trip, with no BEGIN and COMMIT around it.

import { insertAuditSql } from './audit-sql.ts';
import { WRITTEN_COLUMNS } from './record-columns.ts';
import { ATTACHMENTS_JSON } from './record-row.ts';
import { LIVE_RECORD, NOW_MS } from './sql-clock.ts';

const UPDATED_COLUMNS = WRITTEN_COLUMNS.filter((column) => column !== 'record_key');

/**
 * Upserts a batch: `$1` the environment, `$2` the records as a JSON array (expanded by
 * json_populate_recordset into rows of the records type: one short statement text however large
 * the batch), `$3` their keys as text[]. Returns each written record with its attachments,
 * `inserted` (no row existed) and `replaced_expired` (the row it replaced had expired).
 *
 * - Rows go in in key order, so concurrent batches over the same keys lock in one order and
 *   cannot deadlock.
 * - A record past its expiry is gone: a write over it gets a new `created_at`, and its old
 *   attachments are deleted in the same statement (every part of a statement sees the data as
 *   it was before the statement, hence `previous`).
 * - `updated_at` moves on by at least a millisecond on every write, even two within one
 *   millisecond, so a conditional write never mistakes a newer version for the one it read.
 * - `xmax = 0` marks a row this statement inserted rather than updated (PostgreSQL's MVCC); a
 *   new record has no attachments to look up.
 * - `previous` looks each key up on its own (a primary-key probe whatever the statistics say:
 *   `record_key = ANY(…)` let a planner without fresh statistics scan the whole environment).
 *   `expired` is null for a key with no row.
 */
const WRITE_CTES = `WITH previous AS (
  SELECT k.record_key, (
    SELECT NOT ${LIVE_RECORD} FROM records r WHERE r.environment = $1 AND r.record_key = k.record_key
  ) AS expired
  FROM unnest($3::text[]) AS k(record_key)
), cleared AS (
  DELETE FROM attachments a USING previous p
  WHERE p.expired AND a.environment = $1 AND a.record_key = p.record_key
), written AS (
  INSERT INTO records AS r (environment, ${WRITTEN_COLUMNS.join(', ')}, created_at, updated_at)
  SELECT $1, ${WRITTEN_COLUMNS.map((column) => `input.${column}`).join(', ')}, ${NOW_MS}, ${NOW_MS}
  FROM json_populate_recordset(NULL::records, $2::json) AS input
  ORDER BY input.record_key
  ON CONFLICT (environment, record_key) DO UPDATE SET
    ${UPDATED_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ')},
    created_at = CASE WHEN ${LIVE_RECORD} THEN r.created_at ELSE excluded.created_at END,
    updated_at = greatest(excluded.updated_at, r.updated_at + interval '1 millisecond')
  RETURNING r.*, (r.xmax::text = '0') AS inserted
)`;

const WRITTEN_ROWS = `SELECT r.*,
  CASE WHEN r.inserted OR p.expired THEN '[]'::json ELSE ${ATTACHMENTS_JSON} END AS attachments,
  r.inserted, coalesce(p.expired, false) AS replaced_expired
FROM written r LEFT JOIN previous p ON p.record_key = r.record_key`;

/** The batch upsert (see above); `$1`–`$3` as described. */
export const WRITE_RECORDS: string = `${WRITE_CTES}\n${WRITTEN_ROWS}`;

/**
 * WRITE_RECORDS plus the audit row of `$4` (audit-sql.ts `auditJson`), inserted by the same
 * statement, so the change and its row commit together or not at all.
 */
export const WRITE_RECORDS_AUDITED: string = `${WRITE_CTES},
audited AS (${insertAuditSql('$4')})
${WRITTEN_ROWS}`;
