// Deleting records. Attachments and their chunks go with them (ON DELETE CASCADE), in the same
// statement.

import type { SqlQueryable } from './sql-client.ts';
import { LIVE_RECORD } from './sql-clock.ts';

/**
 * Deletes records of one environment in one statement (so one transaction); missing keys are
 * ignored. An expired record is removed too, but not counted: it was already gone.
 * @param client The database.
 * @param environment The environment.
 * @param recordKeys The keys to delete.
 * @returns How many live records were deleted.
 */
export async function deleteRecords(
  client: SqlQueryable,
  environment: string,
  recordKeys: readonly string[],
): Promise<number> {
  if (recordKeys.length === 0) return 0;
  const result = await client.query<{ live: boolean }>(
    `DELETE FROM records r WHERE r.environment = $1 AND r.record_key = ANY($2::text[])
     RETURNING ${LIVE_RECORD} AS live`,
    [environment, [...new Set(recordKeys)]],
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
