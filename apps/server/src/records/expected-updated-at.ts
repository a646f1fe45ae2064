// Conditional writes, our extension for safe migration: a record object may carry
// `expected_updated_at`, the `updated_at` the client read (a date as this server returned it,
// or any ISO-8601 form of the same instant), or null for "must not exist yet". `ApiRecordSchema`
// drops unknown fields, so the field is read from the raw JSON here.

import { isPlainObject, isWireDate, parseWireDate } from '@residency/protocol';
import { ApiError } from '../http/api-error.ts';

const RULE =
  'must be an ISO-8601 date-time with an offset (the updated_at this server returned) or null';

/**
 * Reads the precondition of one record object.
 *
 * @param record The raw record object from the JSON body (anything; non-objects carry none).
 * @param source Its path, e.g. `records[2]`; empty for the body itself.
 * @returns `undefined` (no condition), `null` (must not exist) or the expected instant.
 * @throws {ApiError} 400 when the field holds anything else.
 */
export function readExpectedUpdatedAt(record: unknown, source: string): Date | null | undefined {
  if (!isPlainObject(record) || !('expected_updated_at' in record)) return undefined;
  const value = record.expected_updated_at;
  if (value === null) return null;
  if (typeof value === 'string' && isWireDate(value, { requireOffset: true })) {
    return parseWireDate(value, { requireOffset: true });
  }
  throw ApiError.of(400, expectedUpdatedAtSource(source), RULE);
}

/**
 * Names the precondition field of a record in error sources.
 *
 * @param source The record's path; empty for the body itself.
 * @returns E.g. `records[2].expected_updated_at` or `expected_updated_at`.
 */
export function expectedUpdatedAtSource(source: string): string {
  return source === '' ? 'expected_updated_at' : `${source}.expected_updated_at`;
}
