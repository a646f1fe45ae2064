// Records leave the server in full read shape (protocol.md §4.3): every field present, nulls
// included, in one fixed order, dates with `+00:00`, and `attachments` always an array. Node
// 3.5.0 validates the shape with io-ts `t.type`, which fails on any missing key.

import type { Int64 } from '@residency/protocol';
import { formatNullableWireDate, formatWireDate } from '../http/wire-date-format.ts';
import type {
  RangeKeyField,
  StoredAttachmentMeta,
  StoredRecord,
  StringKeyField,
} from '../store/index.ts';
import { RANGE_FIELDS, STRING_KEY_FIELDS } from './record-fields.ts';

/** An attachment's metadata on the wire (protocol.md §4.9). */
export interface WireAttachmentMeta {
  readonly file_id: string;
  readonly filename: string;
  readonly hash: string;
  readonly mime_type: string;
  readonly size: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly download_link: string;
}

/** A record on the wire, every field present. */
export type WireRecord = {
  readonly record_key: string;
  readonly body: string | null;
  readonly precommit_body: string | null;
  readonly version: number;
  readonly is_encrypted: boolean | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly expires_at: string | null;
} & { readonly [field in StringKeyField]: string | null } & {
  readonly [field in RangeKeyField]: Int64 | null;
} & { readonly attachments: readonly WireAttachmentMeta[] };

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
