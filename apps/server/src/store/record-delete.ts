// Deleting records. Attachments and their chunks go with them (ON DELETE CASCADE), in the same
// statement.

import { appendAudit, auditJson, insertAuditSql } from './audit-sql.ts';
import type { AuditEntry } from './audit-types.ts';
import type { SqlQueryable } from './sql-client.ts';
import { LIVE_RECORD } from './sql-clock.ts';

/**
 * Deletes records of one environment in one statement (so one transaction); missing keys are
 * ignored. An expired record is removed too, but not counted: it was already gone.
 * @param client The database.
 * @param environment The environment.
 * @param recordKeys The keys to delete.
 * @param audit The request's audit row, inserted by the same statement: always, or with
 *   `onlyWhenDeleted` only when a live record was deleted (a single delete that finds none is
 *   a 404, whose row the caller records itself).
 * @returns How many live records were deleted.
 */
export async function deleteRecords(
  client: SqlQueryable,
  environment: string,
  recordKeys: readonly string[],
  audit?: { readonly entry: AuditEntry; readonly onlyWhenDeleted: boolean } | undefined,
): Promise<number> {
  if (recordKeys.length === 0) {
    if (audit !== undefined && !audit.onlyWhenDeleted) {
      await appendAudit(client, [audit.entry]);
    }
    return 0;
  }
  const parameters = [environment, [...new Set(recordKeys)]];
  const deleted = `DELETE FROM records r WHERE r.environment = $1 AND r.record_key = ANY($2::text[])
     RETURNING ${LIVE_RECORD} AS live`;
  const result =
    audit === undefined
      ? await client.query<{ live: boolean }>(deleted, parameters)
      : await client.query<{ live: boolean }>(
          `WITH deleted AS (${deleted}), audited AS (${insertAuditSql(
            '$3',
            audit.onlyWhenDeleted ? 'EXISTS (SELECT 1 FROM deleted WHERE live)' : undefined,
          )}) SELECT live FROM deleted`,
          [...parameters, auditJson([audit.entry])],
        );
  return result.rows.filter((row) => row.live).length;
}

/**
 * Deletes every record of every environment whose `expires_at` is at or before `now`.
 * @param client The database.
 * @param now The instant records expire at.
 * @returns How many records were deleted.
 */
export async function purgeExpiredRecords(client: SqlQueryable, now: Date): Promise<number> {
  const result = await client.query('DELETE FROM records WHERE expires_at <= $1::timestamptz', [
    now,
  ]);
  return result.rowCount;
}
