// Our server's conditional-write extension, for migration that never overwrites a record changed
// since it was read: each record of `POST …/batchWrite` may carry `expected_updated_at`, the
// `updated_at` the server returned for it. When a record's `updated_at` differs, the server
// answers 412 with one error entry per failing record, its `source` naming the record's index,
// and stores nothing of the batch. Servers without the extension drop the unknown field.

import type { ApiRecord } from './api-record.ts';

/** The field of a batch-write record that makes its write conditional. */
export const EXPECTED_UPDATED_AT_FIELD = 'expected_updated_at';

/** The status of a conditional write whose precondition failed. */
export const PRECONDITION_FAILED_STATUS = 412;

/**
 * A record of a conditional batch write: the record, and the `updated_at` it must still have
 * (an ISO-8601 date-time with an offset, best the very string the server returned).
 */
export type ConditionalApiRecord = ApiRecord & {
  /** The `updated_at` string the server returned when the record was read, sent verbatim. */
  expected_updated_at?: string | undefined;
};

const SOURCE = /^records\[(\d+)\]\.expected_updated_at$/;

/**
 * The `source` of the 412 error entry for one record: `records[<index>].expected_updated_at`.
 *
 * @param index The record's index in the batch.
 * @returns The source.
 */
export function preconditionSource(index: number): string {
  return `records[${index}].${EXPECTED_UPDATED_AT_FIELD}`;
}

/**
 * Reads the record index out of a 412 error entry's `source`.
 *
 * @param source The entry's `source`.
 * @returns The index, or `undefined` when the source names no batch record's precondition.
 */
export function preconditionIndex(source: string): number | undefined {
  const match = SOURCE.exec(source);
  return match === null ? undefined : Number(match[1]);
}
