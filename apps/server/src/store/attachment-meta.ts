// Reading, changing and deleting attachments' metadata. Only published attachments of live
// records exist for these calls; an upload in progress or a record past its expiry is invisible.

import { appendAudit, auditJson, insertAuditSql } from './audit-sql.ts';
import type { AuditEntry } from './audit-types.ts';
import { toAttachmentMeta } from './record-row.ts';
import type { SqlQueryable } from './sql-client.ts';
import { LIVE_RECORD, NOW_MS } from './sql-clock.ts';
import type { StoredAttachmentMeta } from './types.ts';

/** The attachment `$3` of the live record (`$1`, `$2`), through alias `a`. */
const VISIBLE_ATTACHMENT: string = `a.environment = $1 AND a.record_key = $2
  AND a.file_id = $3 AND a.published
  AND EXISTS (SELECT 1 FROM records r
    WHERE r.environment = a.environment AND r.record_key = a.record_key AND ${LIVE_RECORD})`;

const META_COLUMNS =
  'a.file_id, a.filename, a.mime_type, a.size, a.hash, a.created_at, a.updated_at';

/** What a metadata update may change; an absent field keeps its value. */
export interface AttachmentMetaChanges {
  readonly filename?: string | undefined;
  readonly mimeType?: string | undefined;
}

/**
 * Reads an attachment's metadata.
 * @param client The database.
 * @param environment The environment.
 * @param recordKey The record's key.
 * @param fileId The attachment's id.
 * @returns The metadata, or null when the record (live) or the attachment is missing.
 */
export async function getAttachmentMeta(
  client: SqlQueryable,
  environment: string,
  recordKey: string,
  fileId: string,
): Promise<StoredAttachmentMeta | null> {
  const result = await client.query(
    `SELECT ${META_COLUMNS} FROM attachments a WHERE ${VISIBLE_ATTACHMENT}`,
    [environment, recordKey, fileId],
  );
  const row = result.rows[0];
  return row === undefined ? null : toAttachmentMeta(row);
}

/**
 * Renames or re-types an attachment, and moves its `updated_at` on; no change, no write.
 * @param client The database.
 * @param environment The environment.
 * @param recordKey The record's key.
 * @param fileId The attachment's id.
 * @param changes The new filename and/or MIME type.
 * @param audit The request's audit row, inserted by the same statement when the attachment was
 *   found (a miss is a 404, whose row the caller records itself).
 * @returns The metadata after the change, or null when missing.
 */
export async function updateAttachmentMeta(
  client: SqlQueryable,
  environment: string,
  recordKey: string,
  fileId: string,
  changes: AttachmentMetaChanges,
  audit?: AuditEntry | undefined,
): Promise<StoredAttachmentMeta | null> {
  if (changes.filename === undefined && changes.mimeType === undefined) {
    const meta = await getAttachmentMeta(client, environment, recordKey, fileId);
    // Nothing changes, so the row needs no transaction with anything.
    if (meta !== null && audit !== undefined) await appendAudit(client, [audit]);
    return meta;
  }
  const update = `UPDATE attachments a SET
       filename = coalesce($4::text, a.filename),
       mime_type = coalesce($5::text, a.mime_type),
       updated_at = greatest(${NOW_MS}, a.updated_at + interval '1 millisecond')
     WHERE ${VISIBLE_ATTACHMENT}
     RETURNING ${META_COLUMNS}`;
  const parameters = [
    environment,
    recordKey,
    fileId,
    changes.filename ?? null,
    changes.mimeType ?? null,
  ];
  const result =
    audit === undefined
      ? await client.query(update, parameters)
      : await client.query(
          `WITH updated AS (${update}), audited AS (${insertAuditSql('$6', 'EXISTS (SELECT 1 FROM updated)')})
           SELECT * FROM updated a`,
          [...parameters, auditJson([audit])],
        );
  const row = result.rows[0];
  return row === undefined ? null : toAttachmentMeta(row);
}

/**
 * Deletes an attachment and its chunks.
 * @param client The database.
 * @param environment The environment.
 * @param recordKey The record's key.
 * @param fileId The attachment's id.
 * @param audit The request's audit row, inserted by the same statement when there was one to
 *   delete (a miss is a 404, whose row the caller records itself).
 * @returns Whether there was one to delete.
 */
export async function deleteAttachment(
  client: SqlQueryable,
  environment: string,
  recordKey: string,
  fileId: string,
  audit?: AuditEntry | undefined,
): Promise<boolean> {
  const deleted = `DELETE FROM attachments a WHERE ${VISIBLE_ATTACHMENT} RETURNING a.file_id`;
  const parameters = [environment, recordKey, fileId];
  const result =
    audit === undefined
      ? await client.query(deleted, parameters)
      : await client.query(
          `WITH deleted AS (${deleted}), audited AS (${insertAuditSql('$4', 'EXISTS (SELECT 1 FROM deleted)')})
           SELECT file_id FROM deleted`,
          [...parameters, auditJson([audit])],
        );
  return result.rows.length > 0;
}

/**
 * Deletes uploads that were never published and have not received a chunk for `idleMs`: what a
 * crashed or killed server left behind. Pass 0 when no other process can be uploading (PGlite,
 * whose folder one process holds).
 * @param client The database.
 * @param idleMs How long an upload may go without a chunk before it counts as abandoned, in ms.
 * @returns How many uploads were removed.
 */
export async function removeAbandonedUploads(
  client: SqlQueryable,
  idleMs: number,
): Promise<number> {
  const result = await client.query(
    `DELETE FROM attachments
     WHERE NOT published AND updated_at <= now() - $1::bigint * interval '1 millisecond'`,
    [idleMs],
  );
  return result.rowCount;
}
