import { getAttachmentMeta } from './attachment-meta.ts';
import type { SqlQueryable } from './sql-client.ts';
import type { AttachmentDownload } from './types.ts';

/** How many chunks one query fetches: with 256 KiB chunks, 1 MiB in memory at a time. */
const CHUNKS_PER_FETCH = 4;

/**
 * Opens an attachment for download: the metadata now, the content as a lazy stream that fetches
 * a few chunks per query as the consumer pulls, so memory stays flat whatever the file's size.
 * @param client The database.
 * @param environment The environment.
 * @param recordKey The record's key.
 * @param fileId The attachment's id.
 * @returns The metadata and the content, or null when the record (live) or the file is missing.
 *   The content throws an Error if the file is deleted or replaced before it is fully read.
 */
export async function readAttachment(
  client: SqlQueryable,
  environment: string,
  recordKey: string,
  fileId: string,
): Promise<AttachmentDownload | null> {
  const meta = await getAttachmentMeta(client, environment, recordKey, fileId);
  if (meta === null) return null;
  return { meta, content: streamChunks(client, fileId, meta.size) };
}

async function* streamChunks(
  client: SqlQueryable,
  fileId: string,
  size: number,
): AsyncGenerator<Uint8Array> {
  let delivered = 0;
  let nextSeq = 0;
  while (delivered < size) {
    const result = await client.query<{ seq: number; data: Uint8Array }>(
      'SELECT seq, data FROM attachment_chunks WHERE file_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3',
      [fileId, nextSeq, CHUNKS_PER_FETCH],
    );
    for (const row of result.rows) {
      const bytes = toPlainBytes(row.data);
      delivered += bytes.byteLength;
      nextSeq = row.seq + 1;
      yield bytes;
    }
    if (result.rows.length < CHUNKS_PER_FETCH) break;
  }
  // Fewer bytes than the metadata promised: the file went away while it was being read.
  if (delivered !== size) throw new Error('attachment was deleted while it was being read');
}

function toPlainBytes(data: Uint8Array): Uint8Array {
  // pg hands out Buffers; the store's signatures speak Uint8Array (a view, no copy).
  return data.constructor === Uint8Array
    ? data
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
