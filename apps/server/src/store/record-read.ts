import { RECORD_COLUMNS, toStoredRecord } from './record-row.ts';
import type { SqlQueryable } from './sql-client.ts';
import { LIVE_RECORD } from './sql-clock.ts';
import type { StoredRecord } from './types.ts';

/**
 * Reads one record with its attachments.
 * @param client The database.
 * @param environment The environment read.
 * @param recordKey The record's key.
 * @returns The record, or null when missing or expired.
 */
export async function readRecord(
  client: SqlQueryable,
  environment: string,
  recordKey: string,
): Promise<StoredRecord | null> {
  const result = await client.query(
    `SELECT ${RECORD_COLUMNS} FROM records r
     WHERE r.environment = $1 AND r.record_key = $2 AND ${LIVE_RECORD}`,
    [environment, recordKey],
  );
  const row = result.rows[0];
  return row === undefined ? null : toStoredRecord(row);
}
