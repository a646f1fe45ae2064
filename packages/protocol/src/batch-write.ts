import * as v from 'valibot';
import { type ApiRecord, ApiRecordSchema } from './api-record.ts';
import { type ServerRecord, ServerRecordSchema } from './server-record.ts';
import { wireObject } from './wire-issues.ts';

/** The most records one batch write may carry (protocol.md §4.2). */
export const MAX_BATCH_RECORDS = 100;

const RECORDS_RULE = `must be an array of 1 to ${MAX_BATCH_RECORDS} records`;

/**
 * The body of `POST …/batchWrite` (protocol.md §4.2): `records`, 1 to 100 `ApiRecordSchema`
 * records.
 */
export const BatchWriteRequestSchema: v.GenericSchema<{ records: ApiRecord[] }> = wireObject(
  {
    records: v.pipe(
      v.array(ApiRecordSchema, RECORDS_RULE),
      v.minLength(1, RECORDS_RULE),
      v.maxLength(MAX_BATCH_RECORDS, RECORDS_RULE),
    ),
  },
  'an object with records',
);

/** The body of a batch write. */
export type BatchWriteRequest = v.InferOutput<typeof BatchWriteRequestSchema>;

/**
 * The answer to a batch write: `records`, the stored records (`ServerRecordSchema`), as Python
 * 5.0.0 validates it (Node ignores it).
 */
export const BatchWriteResponseSchema: v.GenericSchema<{ records: ServerRecord[] }> = wireObject(
  { records: v.array(ServerRecordSchema, 'must be an array of records') },
  'an object with records',
);

/** The answer to a batch write. */
export type BatchWriteResponse = v.InferOutput<typeof BatchWriteResponseSchema>;
