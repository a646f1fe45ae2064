// The write-side field mapping of the codec: reading a `RecordData` by wire field name, the
// plain (never hashed) fields, and the SSE wire record.

import { InputValidationError } from '@residency/errors';
import {
  type ApiRecord,
  INT64_RULE,
  isInt64,
  KEY_FIELDS,
  type KeyField,
  RANGE_KEY_FIELDS,
} from '@residency/protocol';
import type { RecordData } from './record.ts';
import { toRecordField } from './record-fields.ts';

/** A wire record under construction. */
export type WireFields = { [field: string]: string | number | bigint | boolean };

function fieldValue(record: RecordData, wireField: string): unknown {
  const name = toRecordField(wireField) ?? wireField;
  return (record as unknown as { readonly [name: string]: unknown })[name];
}

/**
 * Reads the string keys that have a value, lowercased when normalizing (the seed lowercases
 * every string key, hashed or not, before building the envelope: protocol.md §6.2).
 *
 * @param record The record to write.
 * @param normalize Lowercase the values.
 * @returns The key fields with a value, in `KEY_FIELDS` order.
 * @throws {InputValidationError} When a key is neither a string nor null.
 */
export function readKeys(record: RecordData, normalize: boolean): [KeyField, string][] {
  const keys: [KeyField, string][] = [];
  for (const field of KEY_FIELDS) {
    const value = fieldValue(record, field);
    if (value == null) continue;
    if (typeof value !== 'string') {
      throw new InputValidationError(`${toRecordField(field)} must be a string or null`, {
        path: `record.${toRecordField(field)}`,
      });
    }
    keys.push([field, normalize ? value.toLowerCase() : value]);
  }
  return keys;
}

/**
 * Reads `body` or `precommit_body` of a record.
 *
 * @param record The record to write.
 * @param field `body` or `precommit_body`.
 * @returns The text, `null` when absent.
 * @throws {InputValidationError} When it is neither a string nor null.
 */
export function readText(record: RecordData, field: 'body' | 'precommit_body'): string | null {
  const value = fieldValue(record, field);
  if (value == null) return null;
  if (typeof value === 'string') return value;
  const name = toRecordField(field);
  throw new InputValidationError(`${name} must be a string or null`, { path: `record.${name}` });
}

/**
 * Formats `expiresAt` for the wire as Node does: `Date.toISOString()` (`…Z`), a string being
 * parsed first.
 *
 * @param value A `Date` or an ISO-8601 string.
 * @returns The ISO-8601 UTC string.
 * @throws {InputValidationError} When the value is not a valid date.
 */
function expiresAtToWire(value: unknown): string {
  const date =
    value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new InputValidationError('expiresAt must be a valid Date or ISO-8601 string', {
      path: 'record.expiresAt',
    });
  }
  return date.toISOString();
}

/**
 * Copies the fields sent as they are: range keys and `expires_at`; nulls are dropped.
 *
 * @param record The record to write.
 * @param wire The wire record to add them to.
 * @throws {InputValidationError} When a range key is not a signed 64-bit integer (a safe-integer
 *   number or a bigint from −2^63 to 2^63 − 1) or `expiresAt` not a date.
 */
export function copyPlainFields(record: RecordData, wire: WireFields): void {
  for (const field of RANGE_KEY_FIELDS) {
    const value = fieldValue(record, field);
    if (value == null) continue;
    if (!isInt64(value)) {
      const name = toRecordField(field);
      throw new InputValidationError(`${name} ${INT64_RULE}, or null`, { path: `record.${name}` });
    }
    wire[field] = value;
  }
  if (record.expiresAt != null) wire.expires_at = expiresAtToWire(record.expiresAt);
}

/**
 * Builds the SSE wire record: the record as-is, snake_cased, nulls dropped, no hashing,
 * normalization or encryption, and no `version` or `is_encrypted` (the seed sends neither).
 *
 * @param record The record to write.
 * @returns The wire record.
 * @throws {InputValidationError} When a field has the wrong type.
 */
export function sseWire(record: RecordData): ApiRecord {
  const wire: WireFields = {};
  for (const [field, value] of readKeys(record, false)) wire[field] = value;
  for (const field of ['body', 'precommit_body'] as const) {
    const value = readText(record, field);
    if (value !== null) wire[field] = value;
  }
  copyPlainFields(record, wire);
  return wire as ApiRecord;
}
