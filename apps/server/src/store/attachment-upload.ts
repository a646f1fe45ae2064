// Storing an attachment while its bytes arrive. No transaction stays open during the upload (on
// PGlite one would stall every other request of the country): the upload is an unpublished
// attachment row, each chunk is one short statement that references it, and one short
// transaction publishes it at the end. Whatever fails, the unpublished row is deleted and its
// chunks cascade; what a killed process leaves is removed at start-up (removeAbandonedUploads).

import { createHash, randomUUID } from 'node:crypto';
import { appendAudit } from './audit-sql.ts';
import type { AuditEntry } from './audit-types.ts';
import { AttachmentTooLargeError, RecordNotFoundError } from './errors.ts';
import { toAttachmentMeta } from './record-row.ts';
import type { SqlClient, SqlQueryable } from './sql-client.ts';
import { LIVE_RECORD, NOW_MS } from './sql-clock.ts';
import type { AttachmentUpload, StoredAttachmentMeta } from './types.ts';

const META_COLUMNS = 'file_id, filename, mime_type, size, hash, created_at, updated_at';

interface WrittenContent {
  readonly size: number;
  readonly hash: string;
}

/**
 * Stores an attachment on a record, consuming `upload.data` chunk by chunk: the bytes are cut
 * into `chunkSize` rows as they come, hashed (SHA-256) and counted on the way, never held whole.
 * @param client The database.
 * @param environment The environment.
 * @param recordKey The record's key.
 * @param upload The file's names, bytes and limits; with `upsert`, the record's attachments of
 *   the same filename are replaced (the new one keeps the oldest one's `created_at`).
 * @param chunkSize The size of a stored chunk, in bytes.
 * @param audit The request's audit row, inserted by the transaction that publishes the upload.
 * @returns The metadata of the stored attachment (a new random UUID as `file_id`).
 * @throws RecordNotFoundError when the record is missing or expired, or is deleted meanwhile.
 * @throws AttachmentTooLargeError as soon as the bytes pass `upload.maxSize`.
 */
export async function addAttachment(
  client: SqlClient,
  environment: string,
  recordKey: string,
  upload: AttachmentUpload,
  chunkSize: number,
  audit?: AuditEntry | undefined,
): Promise<StoredAttachmentMeta> {
  const fileId = randomUUID();
  await startUpload(client, environment, recordKey, fileId, upload);
  try {
    const content = await writeChunks(client, fileId, upload, chunkSize);
    return await publishUpload(client, { environment, recordKey, fileId, upload, audit }, content);
  } catch (error) {
    await discardUpload(client, fileId);
    throw error;
  }
}

async function startUpload(
  client: SqlQueryable,
  environment: string,
  recordKey: string,
  fileId: string,
  upload: AttachmentUpload,
): Promise<void> {
  const result = await client.query(
    `INSERT INTO attachments
       (file_id, environment, record_key, filename, mime_type, published, created_at, updated_at)
     SELECT $3, r.environment, r.record_key, $4, $5, false, ${NOW_MS}, ${NOW_MS}
     FROM records r WHERE r.environment = $1 AND r.record_key = $2 AND ${LIVE_RECORD}`,
    [environment, recordKey, fileId, upload.filename, upload.mimeType],
  );
  if (result.rowCount === 0) throw new RecordNotFoundError();
}

async function writeChunks(
  client: SqlQueryable,
  fileId: string,
  upload: AttachmentUpload,
  chunkSize: number,
): Promise<WrittenContent> {
  const hash = createHash('sha256');
  // One buffer for the whole upload: a chunk is sent and acknowledged before it is refilled.
  const buffer = new Uint8Array(chunkSize);
  let filled = 0;
  let size = 0;
  let seq = 0;
  for await (const piece of upload.data) {
    size += piece.byteLength;
    if (size > upload.maxSize) throw new AttachmentTooLargeError(upload.maxSize);
    hash.update(piece);
    for (let offset = 0; offset < piece.byteLength; ) {
      const taken = Math.min(chunkSize - filled, piece.byteLength - offset);
      buffer.set(piece.subarray(offset, offset + taken), filled);
      filled += taken;
      offset += taken;
      if (filled === chunkSize) {
        await insertChunk(client, fileId, seq++, buffer);
        filled = 0;
      }
    }
  }
  if (filled > 0) await insertChunk(client, fileId, seq, buffer.subarray(0, filled));
  return { size, hash: hash.digest('hex') };
}

async function insertChunk(
  client: SqlQueryable,
  fileId: string,
  seq: number,
  data: Uint8Array,
): Promise<void> {
  // Touching the upload's row marks it alive for removeAbandonedUploads; no row means the
  // record was deleted meanwhile (the upload cascaded with it).
  const result = await client.query(
    `WITH upload AS (
       UPDATE attachments SET updated_at = ${NOW_MS}
       WHERE file_id = $1 AND NOT published RETURNING file_id
     )
     INSERT INTO attachment_chunks (file_id, seq, data) SELECT file_id, $2, $3 FROM upload`,
    [fileId, seq, data],
  );
  if (result.rowCount === 0) throw new RecordNotFoundError();
}

/** The upload a publish completes. */
interface PublishedUpload {
  readonly environment: string;
  readonly recordKey: string;
  readonly fileId: string;
  readonly upload: AttachmentUpload;
  readonly audit: AuditEntry | undefined;
}

async function publishUpload(
  client: SqlClient,
  target: PublishedUpload,
  content: WrittenContent,
): Promise<StoredAttachmentMeta> {
  const { environment, recordKey, fileId, upload, audit } = target;
  return client.transaction(async (transaction) => {
    // The record's lock makes concurrent publishes on one record take turns, so two upserts of
    // one filename cannot both survive.
    const record = await transaction.query(
      `SELECT 1 FROM records r WHERE r.environment = $1 AND r.record_key = $2 AND ${LIVE_RECORD}
       FOR NO KEY UPDATE`,
      [environment, recordKey],
    );
    if (record.rows.length === 0) throw new RecordNotFoundError();
    const createdAt = upload.upsert
      ? await deleteSameFilename(transaction, environment, recordKey, upload.filename)
      : null;
    const published = await transaction.query(
      `UPDATE attachments SET published = true, size = $2, hash = $3,
         created_at = coalesce($4::timestamptz, ${NOW_MS}), updated_at = ${NOW_MS}
       WHERE file_id = $1 AND NOT published
       RETURNING ${META_COLUMNS}`,
      [fileId, content.size, content.hash, createdAt],
    );
    const row = published.rows[0];
    if (row === undefined) throw new RecordNotFoundError();
    if (audit !== undefined) await appendAudit(transaction, [audit]);
    return toAttachmentMeta(row);
  });
}

async function deleteSameFilename(
  transaction: SqlQueryable,
  environment: string,
  recordKey: string,
  filename: string,
): Promise<Date | null> {
  const replaced = await transaction.query<{ created_at: Date }>(
    `DELETE FROM attachments
     WHERE environment = $1 AND record_key = $2 AND filename = $3 AND published
     RETURNING created_at`,
    [environment, recordKey, filename],
  );
  const dates = replaced.rows.map((row) => row.created_at.getTime());
  return dates.length === 0 ? null : new Date(Math.min(...dates));
}

async function discardUpload(client: SqlQueryable, fileId: string): Promise<void> {
  try {
    await client.query('DELETE FROM attachments WHERE file_id = $1 AND NOT published', [fileId]);
  } catch {
    // The upload's own failure is what the caller needs; a leftover is removed at start-up.
  }
}
