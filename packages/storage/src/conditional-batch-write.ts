// The client side of the conditional-write extension (wire/conditional-write.ts): a batch write
// whose records each carry the `updated_at` they were read with, and a typed answer to the 412
// that says which records changed since. For migration: not part of `RecordStorage`.

import { StorageNetworkError, StorageServerResponseValidationError } from '@residency/errors';
import {
  type ApiRecord,
  BATCH_WRITE_PATH,
  type ConditionalApiRecord,
  describeIssues,
  ErrorBodySchema,
  EXPECTED_UPDATED_AT_FIELD,
  PRECONDITION_FAILED_STATUS,
  parseJson,
  preconditionIndex,
} from '@residency/protocol';
import * as v from 'valibot';
import type { StorageCall } from './storage-call.ts';
import { BatchWriteEchoSchema, type WriteStamps } from './write-echo.ts';

/** One record of a conditional batch write. */
export interface ConditionalRecord {
  /** The record as encoded for the wire (`RecordCodec.encode`). */
  readonly record: ApiRecord;
  /**
   * The `updated_at` string the server returned when the record was read, sent verbatim;
   * `undefined` writes the record unconditionally.
   */
  readonly expectedUpdatedAt: string | undefined;
}

/** The batch was stored: every precondition held (or the server ignores them). */
export interface ConditionalWriteDone {
  readonly status: 'written';
  /**
   * What the echo says of each stored record (key, dates, version), in order; `undefined` when
   * the server echoed none.
   */
  readonly records: readonly WriteStamps[] | undefined;
}

/** Nothing was stored: some records changed since they were read. */
export interface ConditionalWriteConflict {
  readonly status: 'conflict';
  /**
   * The indices (in the batch) of the records whose `updated_at` no longer matched, ascending;
   * every index when the 412 names none the client can read.
   */
  readonly conflicts: readonly number[];
}

/** The answer to a conditional batch write. */
export type ConditionalWriteResult = ConditionalWriteDone | ConditionalWriteConflict;

/**
 * Sends `POST …/batchWrite` with `expected_updated_at` on each record that has one and reads the
 * answer: the echo on success, the failing indices on 412 (protocol extension, see
 * wire/conditional-write.ts). A server without the extension ignores the field and stores the
 * batch unconditionally.
 *
 * @param call The records call.
 * @param records 1 to 100 encoded records with their expected `updated_at`.
 * @returns `written` with the echo, or `conflict` with the indices.
 * @throws {StorageServerResponseValidationError} An echo that is not valid records.
 * @throws The transport's errors for every other failure status.
 */
export async function sendConditionalBatchWrite(
  call: StorageCall,
  records: readonly ConditionalRecord[],
): Promise<ConditionalWriteResult> {
  const json = { records: records.map(toConditionalRecord) };
  const { response } = await call.fetch({
    method: 'POST',
    path: BATCH_WRITE_PATH,
    json,
    acceptStatuses: [PRECONDITION_FAILED_STATUS],
  });
  const body = await readJson(response);
  if (response.status === PRECONDITION_FAILED_STATUS) {
    return { status: 'conflict', conflicts: conflictIndices(body, records.length) };
  }
  const echo = v.safeParse(BatchWriteEchoSchema, body);
  if (!echo.success) {
    const issues = describeIssues(echo.issues);
    throw new StorageServerResponseValidationError(
      `POST /batchWrite returned an invalid body: ${issues}`,
      { status: response.status },
    );
  }
  return { status: 'written', records: echo.output?.records };
}

function toConditionalRecord(entry: ConditionalRecord): ConditionalApiRecord {
  if (entry.expectedUpdatedAt === undefined) return entry.record;
  return { ...entry.record, [EXPECTED_UPDATED_AT_FIELD]: entry.expectedUpdatedAt };
}

async function readJson(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new StorageNetworkError('POST /batchWrite failed: the answer could not be read', {
      cause: error,
    });
  }
  try {
    return text === '' ? undefined : parseJson(text);
  } catch {
    // Not JSON: no echo (a success) or no indices (a 412); the callers handle both.
    return undefined;
  }
}

/**
 * The indices a 412 names: each error entry's `source` `records[<i>].expected_updated_at`. A 412
 * that names none in range (another server's precondition, an unreadable body) marks every
 * record, so the caller re-reads them all rather than guessing.
 */
function conflictIndices(body: unknown, count: number): number[] {
  const parsed = v.safeParse(ErrorBodySchema, body);
  const indices = new Set<number>();
  if (parsed.success) {
    for (const entry of parsed.output.errors) {
      const index = entry.source === undefined ? undefined : preconditionIndex(entry.source);
      if (index !== undefined && index < count) indices.add(index);
    }
  }
  if (indices.size === 0) return Array.from({ length: count }, (_, index) => index);
  return [...indices].sort((left, right) => left - right);
}
