// Write and batch write share one path: check every record, then hand them all to the store in
// one transaction. A batch is all or nothing — one bad record (400) or one failed precondition
// (412) and nothing is stored.

import {
  type ApiRecord,
  ApiRecordSchema,
  BatchWriteRequestSchema,
  joinJsonPath,
  parseWireDate,
} from '@residency/protocol';
import { ApiError, type Problem } from '../http/api-error.ts';
import { validateBody } from '../http/validate-body.ts';
import { expectedUpdatedAtSource, readExpectedUpdatedAt } from '../records/expected-updated-at.ts';
import { recordFromWire } from '../records/record-from-wire.ts';
import { sseRecordProblems } from '../sse/sse-limits.ts';
import type { ConditionalWrite, StoredRecord } from '../store/index.ts';
import { PreconditionFailedError } from '../store/index.ts';
import type { RecordScope } from './record-scope.ts';

/** A checked write and where it came from in the body, for error sources. */
interface SourcedWrite {
  readonly write: ConditionalWrite;
  /** `''` for a single write, `records[i]` in a batch. */
  readonly source: string;
}

/** Why a write with an expiry that has already come is refused (the platform refuses it too). */
const EXPIRY_RULE = 'must be later than now';

// The platform refuses an `expires_at` that is not in the future, and the Node SDK's suite checks
// it; a record that would be born expired is a client's mistake, not something to store. The
// process clock judges here; reads and purges judge by the database's (store/sql-clock.ts).
function expiryProblems(record: ApiRecord, source: string, nowMs: number): Problem[] {
  if (record.expires_at == null) return [];
  const expiresAt = parseWireDate(record.expires_at);
  if (expiresAt === undefined || expiresAt.getTime() > nowMs) return [];
  return [{ source: joinJsonPath(source, 'expires_at'), detail: EXPIRY_RULE }];
}

const PRECONDITION_RULE =
  "must equal the record's current updated_at (null: the record must not exist yet)";

function recordProblems(scope: RecordScope, record: ApiRecord, source: string): Problem[] {
  if (scope.sse !== undefined) return sseRecordProblems(record, source);
  try {
    scope.storedKey(record.record_key, joinJsonPath(source, 'record_key'));
    return [];
  } catch (error) {
    if (error instanceof ApiError) return [...error.problems];
    throw error;
  }
}

function sourcedWrites(
  scope: RecordScope,
  records: readonly ApiRecord[],
  raw: readonly unknown[],
  sources: readonly string[],
): SourcedWrite[] {
  const nowMs = Date.now();
  const problems = records.flatMap((record, index) => [
    ...recordProblems(scope, record, sources[index] as string),
    ...expiryProblems(record, sources[index] as string, nowMs),
  ]);
  if (problems.length > 0) throw new ApiError(400, problems);
  return records.map((record, index) => {
    const source = sources[index] as string;
    const expectedUpdatedAt = readExpectedUpdatedAt(raw[index], source);
    const stored = scope.toStored(recordFromWire(record));
    const write: ConditionalWrite =
      expectedUpdatedAt === undefined ? { record: stored } : { record: stored, expectedUpdatedAt };
    return { write, source };
  });
}

async function store(scope: RecordScope, writes: readonly SourcedWrite[]): Promise<StoredRecord[]> {
  scope.audit.touch(writes.map(({ write }) => write.record.record_key));
  try {
    const stored = await scope.audit.change((entry) =>
      scope.store.write(
        scope.environmentId,
        writes.map(({ write }) => write),
        entry,
      ),
    );
    return stored.map((record) => scope.fromStored(record));
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const failed = new Set(error.recordKeys);
    const problems = writes
      .filter(({ write }) => failed.has(write.record.record_key))
      .map(({ source }) => ({
        source: expectedUpdatedAtSource(source),
        detail: PRECONDITION_RULE,
      }));
    throw new ApiError(
      412,
      problems.length > 0
        ? problems
        : [{ source: 'expected_updated_at', detail: PRECONDITION_RULE }],
    );
  }
}

/**
 * Checks and stores the body of `POST /v2/storage/records/{country}`.
 *
 * @param scope The request's scope.
 * @param body The parsed JSON body.
 * @returns The stored record as the client reads it.
 * @throws {ApiError} 400 for a bad record (an `expires_at` not later than now included), 412 for
 *   a failed precondition.
 */
export async function writeOne(scope: RecordScope, body: unknown): Promise<StoredRecord> {
  const record = validateBody(ApiRecordSchema, body);
  const [stored] = await store(scope, sourcedWrites(scope, [record], [body], ['']));
  return stored as StoredRecord;
}

/**
 * Checks and stores the body of `POST …/batchWrite`, all or nothing.
 *
 * @param scope The request's scope.
 * @param body The parsed JSON body.
 * @returns The stored records as the client reads them, in request order.
 * @throws {ApiError} 400 for any bad record, 412 for any failed precondition.
 */
export async function writeBatch(scope: RecordScope, body: unknown): Promise<StoredRecord[]> {
  const request = validateBody(BatchWriteRequestSchema, body);
  const raw = (body as { records: unknown[] }).records;
  const sources = request.records.map((_record, index) => `records[${index}]`);
  return store(scope, sourcedWrites(scope, request.records, raw, sources));
}
