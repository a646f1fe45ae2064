// The read-side field mapping of the codec: a validated `ServerRecord` to a camelCase `Record`
// with dates, before (or, in SSE mode, instead of) decryption.

import { StorageServerResponseValidationError } from '@residency/errors';
import {
  KEY_FIELDS,
  parseWireDate,
  RANGE_KEY_FIELDS,
  type ServerRecord,
  type WireAttachmentMeta,
} from '@residency/protocol';
import type { AttachmentMeta, Record } from './record.ts';
import { toRecordField } from './record-fields.ts';

/** A `Record` the codec may still fill in. */
export type WritableRecord = { -readonly [name in keyof Record]: Record[name] };

/**
 * Parses a wire date of a validated response.
 *
 * @param text The ISO-8601 string.
 * @param field The wire field, for the message.
 * @returns The date.
 * @throws {StorageServerResponseValidationError} When `text` is not a wire date-time.
 */
function toDate(text: string, field: string): Date {
  const date = parseWireDate(text);
  if (date === undefined) {
    throw new StorageServerResponseValidationError(`${field} must be an ISO-8601 date-time`);
  }
  return date;
}

/**
 * Parses an optional date of a server record.
 *
 * @param text The ISO-8601 string, or null/undefined.
 * @param field The wire field, for the message.
 * @returns The date, or `null` when absent.
 * @throws {StorageServerResponseValidationError} When `text` is not a wire date-time.
 */
export function toOptionalDate(text: string | null | undefined, field: string): Date | null {
  return text == null ? null : toDate(text, field);
}

/**
 * Maps an attachment's wire metadata to camelCase with dates.
 *
 * @param meta The wire metadata.
 * @returns The attachment metadata.
 * @throws {StorageServerResponseValidationError} When a date is not ISO-8601.
 */
export function fromWireAttachment(meta: WireAttachmentMeta): AttachmentMeta {
  return {
    fileId: meta.file_id,
    filename: meta.filename,
    hash: meta.hash,
    mimeType: meta.mime_type,
    size: meta.size,
    createdAt: toDate(meta.created_at, 'attachments.created_at'),
    updatedAt: toDate(meta.updated_at, 'attachments.updated_at'),
    downloadLink: meta.download_link,
  };
}

/**
 * Maps a server record to camelCase as it is: keys as stored (hashes, unless SSE), body and
 * precommit body as stored, every absent field `null`, dates parsed, `attachments` `[]` when
 * absent.
 *
 * @param server The validated server record.
 * @returns The record, writable so the codec can restore keys and bodies.
 * @throws {StorageServerResponseValidationError} When a date is not ISO-8601.
 */
export function fromServerRecord(server: ServerRecord): WritableRecord {
  const fields: { [name: string]: unknown } = {
    recordKey: server.record_key,
    body: server.body ?? null,
    precommitBody: server.precommit_body ?? null,
  };
  const wire = server as unknown as { readonly [field: string]: unknown };
  for (const field of [...KEY_FIELDS, ...RANGE_KEY_FIELDS]) {
    if (field !== 'record_key') fields[toRecordField(field) as string] = wire[field] ?? null;
  }
  fields.expiresAt = toOptionalDate(server.expires_at, 'expires_at');
  fields.createdAt = toOptionalDate(server.created_at, 'created_at');
  fields.updatedAt = toOptionalDate(server.updated_at, 'updated_at');
  fields.version = server.version ?? null;
  fields.attachments = (server.attachments ?? []).map(fromWireAttachment);
  return fields as WritableRecord;
}
