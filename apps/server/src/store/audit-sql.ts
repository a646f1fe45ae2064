// The audit log's statements. One audit row goes in with the change it records: as one more
// data-modifying CTE of the change's own statement (atomic with it, no extra round trip), or as a
// statement of the change's transaction. Entries travel as one JSON parameter, so one statement
// text serves one row or a batch.

import type { AuditEntry, AuditQuery } from './audit-types.ts';
import type { SqlQueryable } from './sql-client.ts';

/** The most record-key hashes one audit row lists; the count goes on past it. */
export const AUDIT_KEY_CAP = 100;

const AUDIT_COLUMNS =
  'time, environment, client_id, action, country, status, request_id, key_hashes, key_count';

/**
 * An INSERT of the audit entries in JSON parameter `parameter` (`$4`), built by `auditJson`.
 * @param parameter The placeholder of the JSON array of entries.
 * @param condition An optional SQL condition (`EXISTS (…)`): the rows go in only when it holds.
 * @returns The statement, usable as a CTE.
 */
export function insertAuditSql(parameter: string, condition?: string): string {
  return `INSERT INTO audit_log (${AUDIT_COLUMNS})
  SELECT (e->>'time')::timestamptz, e->>'environment', e->>'client_id', e->>'action',
    e->>'country', (e->>'status')::smallint, e->>'request_id',
    ARRAY(SELECT json_array_elements_text(e->'key_hashes')), (e->>'key_count')::integer
  FROM json_array_elements(${parameter}::json) AS e${condition === undefined ? '' : ` WHERE ${condition}`}`;
}

/**
 * The JSON parameter of `insertAuditSql`.
 * @param entries The entries.
 * @returns A JSON array text.
 */
export function auditJson(entries: readonly AuditEntry[]): string {
  return JSON.stringify(
    entries.map((entry) => ({
      time: entry.time.toISOString(),
      environment: entry.environment,
      client_id: entry.clientId,
      action: entry.action,
      country: entry.country,
      status: entry.status,
      request_id: entry.requestId,
      key_hashes: entry.keyHashes.slice(0, AUDIT_KEY_CAP),
      key_count: entry.keyCount,
    })),
  );
}

/**
 * Inserts audit entries in one statement.
 * @param client The database, or the transaction of the change the entries record.
 * @param entries The entries; none, no statement.
 * @returns When inserted.
 */
export async function appendAudit(
  client: SqlQueryable,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await client.query(insertAuditSql('$1'), [auditJson(entries)]);
}

interface AuditRowFields {
  readonly time: Date;
  readonly environment: string;
  readonly client_id: string;
  readonly action: string;
  readonly country: string;
  readonly status: number;
  readonly request_id: string;
  readonly key_hashes: string[];
  readonly key_count: number;
}

/**
 * Lists audit rows, newest first.
 * @param client The database.
 * @param query The environment, the earliest time and the most rows.
 * @returns The rows.
 */
export async function listAudit(client: SqlQueryable, query: AuditQuery): Promise<AuditEntry[]> {
  const result = await client.query<AuditRowFields>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_log
     WHERE ($1::text IS NULL OR environment = $1) AND ($2::timestamptz IS NULL OR time >= $2)
     ORDER BY time DESC LIMIT $3`,
    [query.environment ?? null, query.since ?? null, query.limit],
  );
  return result.rows.map((row) => ({
    time: row.time,
    environment: row.environment,
    clientId: row.client_id,
    action: row.action as AuditEntry['action'],
    country: row.country,
    status: Number(row.status),
    requestId: row.request_id,
    keyHashes: row.key_hashes,
    keyCount: Number(row.key_count),
  }));
}

/**
 * Deletes audit rows older than `before` (the retention purge; no route deletes audit rows).
 * @param client The database.
 * @param before Rows with an earlier time go.
 * @returns How many rows were deleted.
 */
export async function purgeAudit(client: SqlQueryable, before: Date): Promise<number> {
  const result = await client.query('DELETE FROM audit_log WHERE time < $1::timestamptz', [before]);
  return result.rowCount;
}
