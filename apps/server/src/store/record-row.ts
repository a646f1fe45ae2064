import { type Int64, int64FromText } from '@residency/protocol';
import { RANGE_KEY_FIELDS, STRING_KEY_FIELDS } from './record-columns.ts';
import type { StoredAttachmentMeta, StoredRecord } from './types.ts';

/** A row of `records` as the drivers return it, with the `attachments` JSON of RECORD_COLUMNS. */
export type RecordRow = Record<string, unknown>;

/**
 * The published attachments of the record `r` as a JSON array, in the order they were first
 * added; `[]` when there are none.
 */
export const ATTACHMENTS_JSON: string = `coalesce((
    SELECT json_agg(json_build_object(
      'file_id', a.file_id, 'filename', a.filename, 'mime_type', a.mime_type, 'size', a.size,
      'hash', a.hash, 'created_at', a.created_at, 'updated_at', a.updated_at
    ) ORDER BY a.created_at, a.file_id)
    FROM attachments a
    WHERE a.environment = r.environment AND a.record_key = r.record_key AND a.published
  ), '[]'::json)`;

/**
 * The select list of a stored record read through alias `r`: every column, and the record's
 * attachments as `attachments` (one round trip for both).
 */
export const RECORD_COLUMNS: string = `r.*, ${ATTACHMENTS_JSON} AS attachments`;

/**
 * Converts a row into the stored record the HTTP layer returns: every wire field, nulls
 * included, and nothing else (no environment).
 * @param row A row selected with RECORD_COLUMNS.
 * @returns The stored record.
 */
export function toStoredRecord(row: RecordRow): StoredRecord {
  const record: Record<string, unknown> = {
    record_key: row.record_key,
    body: row.body ?? null,
    precommit_body: row.precommit_body ?? null,
    version: Number(row.version),
    is_encrypted: row.is_encrypted ?? null,
    created_at: toDate(row.created_at),
    updated_at: toDate(row.updated_at),
    expires_at: toDateOrNull(row.expires_at),
  };
  for (const field of STRING_KEY_FIELDS) record[field] = row[field] ?? null;
  for (const field of RANGE_KEY_FIELDS) record[field] = toInt64OrNull(row[field]);
  record.attachments = toAttachmentList(row.attachments);
  return record as StoredRecord;
}

/**
 * Converts an attachment row (or an element of the JSON list) into its metadata.
 * @param row The attachment's columns; dates as Date or ISO text (JSON).
 * @returns The metadata.
 */
export function toAttachmentMeta(row: Record<string, unknown>): StoredAttachmentMeta {
  return {
    file_id: String(row.file_id),
    filename: String(row.filename),
    mime_type: String(row.mime_type),
    size: Number(row.size),
    hash: String(row.hash),
    created_at: toDate(row.created_at),
    updated_at: toDate(row.updated_at),
  };
}

function toAttachmentList(value: unknown): StoredAttachmentMeta[] {
  // pg and PGlite parse json columns; a driver that does not would hand over text.
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(list)) return [];
  return list.map((item: Record<string, unknown>) => toAttachmentMeta(item));
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

function toInt64OrNull(value: unknown): Int64 | null {
  // The drivers read int8 with `int64FromText` (a number when safe, else a bigint), so a value
  // comes as one of those; a driver that hands over text is read the same way.
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  return int64FromText(String(value));
}
