// A record as a client sends it (`ApiRecordSchema`: any subset of fields, nulls allowed) becomes
// the full `RecordWrite` the store keeps: a write replaces the record, so every absent field is
// stored as null (protocol.md §5.2), `version` defaults to 0.

import { type ApiRecord, parseWireDate } from '@residency/protocol';
import type { RecordWrite } from '../store/index.ts';
import { RANGE_FIELDS, STRING_KEY_FIELDS } from './record-fields.ts';

/**
 * Converts a checked wire record to what the store writes.
 *
 * @param record A record that passed `ApiRecordSchema`.
 * @returns The record with every field set.
 */
export function recordFromWire(record: ApiRecord): RecordWrite {
  const write: { [field: string]: unknown } = {
    record_key: record.record_key,
    body: record.body ?? null,
    precommit_body: record.precommit_body ?? null,
    version: record.version ?? 0,
    is_encrypted: record.is_encrypted ?? null,
    // The schema has checked the date already; parsing cannot fail here.
    expires_at: record.expires_at == null ? null : (parseWireDate(record.expires_at) ?? null),
  };
  for (const field of STRING_KEY_FIELDS) write[field] = record[field] ?? null;
  for (const field of RANGE_FIELDS) write[field] = record[field] ?? null;
  return write as RecordWrite;
}
