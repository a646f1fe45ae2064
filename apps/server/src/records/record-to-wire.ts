// Records leave the server in full read shape (protocol.md §4.3): every field present, nulls
// included, in one fixed order, dates with `+00:00`, and `attachments` always an array. Node
// 3.5.0 validates the shape with io-ts `t.type`, which fails on any missing key.

import type { WireAttachmentMeta, WireRecord } from '@residency/protocol';
import { formatNullableWireDate, formatWireDate } from '../http/wire-date-format.ts';
import type { StoredAttachmentMeta, StoredRecord } from '../store/index.ts';
import { RANGE_FIELDS, STRING_KEY_FIELDS } from './record-fields.ts';

/** Builds the absolute download URL of a record's attachment, from the key as clients name it. */
export type DownloadLink = (recordKey: string, fileId: string) => string;

/**
 * Puts an attachment's metadata in wire shape.
 *
 * @param meta The stored metadata.
 * @param downloadLink The URL of the attachment's download route.
 * @returns The eight keys of protocol.md §4.9.
 */
export function attachmentToWire(
  meta: StoredAttachmentMeta,
  downloadLink: string,
): WireAttachmentMeta {
  return {
    file_id: meta.file_id,
    filename: meta.filename,
    hash: meta.hash,
    mime_type: meta.mime_type,
    size: meta.size,
    created_at: formatWireDate(meta.created_at),
    updated_at: formatWireDate(meta.updated_at),
    download_link: downloadLink,
  };
}

/**
 * Puts a record in wire shape.
 *
 * @param record The record as clients see it (after SSE decoding, if any).
 * @param downloadLink Builds the URLs of its attachments.
 * @returns The record with every field present.
 */
export function recordToWire(record: StoredRecord, downloadLink: DownloadLink): WireRecord {
  const wire: { [field: string]: unknown } = {
    record_key: record.record_key,
    body: record.body,
    precommit_body: record.precommit_body,
    version: record.version,
    is_encrypted: record.is_encrypted,
    created_at: formatWireDate(record.created_at),
    updated_at: formatWireDate(record.updated_at),
    expires_at: formatNullableWireDate(record.expires_at),
  };
  for (const field of STRING_KEY_FIELDS) wire[field] = record[field];
  for (const field of RANGE_FIELDS) wire[field] = record[field];
  wire.attachments = record.attachments.map((meta) =>
    attachmentToWire(meta, downloadLink(record.record_key, meta.file_id)),
  );
  return wire as WireRecord;
}
