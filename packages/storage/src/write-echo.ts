// What `write` and `batchWrite` return. Our server and the PoP as Python 5.0 uses it echo the
// stored record(s) (protocol.md §4.1, §4.2); Python validates and decrypts the echo, Node ignores
// it and returns its input. We return the input (its body is the plaintext just encrypted, its
// keys as given) with what only the server knows, read from the echo: `createdAt`, `updatedAt`
// and `version`. An answer that is a record (an object with `record_key`, or `{ records }` for a
// batch) must carry valid ones; a batch's are matched to the records sent by key, else by
// position. Any other answer (empty, `{}`, `{ "ok": true }`) means the server echoed nothing.
//
// Decrypting and validating every field of an echo the client has just encrypted doubled the
// client's CPU time per batch written (apps/server bench (a): 116 → 55 ms per 1000 records).

import {
  type ApiRecord,
  BATCH_WRITE_PATH,
  isPlainObject,
  nonEmptyString,
  optionalCount,
  responseDate,
  wireObject,
} from '@residency/protocol';
import * as v from 'valibot';
import type { Record } from './record.ts';
import type { RecordCodec } from './record-codec.ts';
import { RECORD_FIELD_NAMES } from './record-fields.ts';
import { toOptionalDate } from './record-from-wire.ts';
import type { ParsedRecordInput } from './record-input.ts';
import type { StorageCall } from './storage-call.ts';

const NoEcho = v.pipe(
  v.unknown(),
  v.transform((): undefined => undefined),
);

/** The fields of an echoed record that a write reads. */
export interface WriteStamps {
  readonly record_key: string;
  readonly created_at?: string | null | undefined;
  readonly updated_at?: string | null | undefined;
  readonly version?: number | null | undefined;
}

/**
 * What a write's echo says that the client does not know: the stored record's key, its dates
 * and its secret version. The echo's other fields are not read.
 */
const WriteStampsSchema: v.GenericSchema<WriteStamps> = wireObject(
  {
    record_key: nonEmptyString(),
    created_at: v.nullish(responseDate()),
    updated_at: v.nullish(responseDate()),
    version: optionalCount(),
  },
  'a record object',
);

/**
 * The answer to a write: its stamps when it is an object with `record_key`, `undefined` for
 * anything else.
 */
const WriteEchoSchema: v.GenericSchema<unknown, WriteStamps | undefined> = v.lazy((input) =>
  isPlainObject(input) && 'record_key' in input ? WriteStampsSchema : NoEcho,
);

const BatchWriteStampsSchema = wireObject(
  { records: v.array(WriteStampsSchema, 'must be an array of records') },
  'an object with records',
);

/**
 * The answer to a batch write: `{ records }` (each record's stamps) when it is an object with
 * `records`, `undefined` for anything else.
 */
export const BatchWriteEchoSchema: v.GenericSchema<
  unknown,
  { records: WriteStamps[] } | undefined
> = v.lazy((input) =>
  isPlainObject(input) && 'records' in input ? BatchWriteStampsSchema : NoEcho,
);

/** Fields a written record has that the caller does not set. */
const SERVER_FIELDS: readonly string[] = ['createdAt', 'updatedAt', 'version', 'isEncrypted'];

/**
 * Builds the `Record` a write returns: the input, every absent field `null`, no attachments;
 * `createdAt`, `updatedAt` and `version` from the echo when there is one, else `null`, `null` and
 * the secret version the body was encrypted with.
 *
 * @param input The validated record that was written.
 * @param sent The record as sent.
 * @param stamps The echo of that record, if the server echoed it.
 * @returns The record.
 * @throws {StorageServerResponseValidationError} When a date in the echo is not ISO-8601.
 */
function recordFromInput(input: ParsedRecordInput, sent: ApiRecord, stamps?: WriteStamps): Record {
  const fields: { [name: string]: unknown } = {};
  const given = input as unknown as { readonly [name: string]: unknown };
  for (const name of RECORD_FIELD_NAMES) {
    if (!SERVER_FIELDS.includes(name)) fields[name] = given[name] ?? null;
  }
  fields.createdAt = toOptionalDate(stamps?.created_at, 'created_at');
  fields.updatedAt = toOptionalDate(stamps?.updated_at, 'updated_at');
  fields.version = stamps === undefined ? (sent.version ?? null) : (stamps.version ?? null);
  fields.attachments = [];
  return fields as Record;
}

/**
 * Sends one write and returns the stored record (see `recordFromInput`).
 *
 * @param codec The storage's codec.
 * @param call The records call.
 * @param input The validated record.
 * @returns The stored record.
 * @throws {StorageCryptoError} Encryption failed.
 * @throws {StorageServerResponseValidationError} The echo is not a valid record.
 * @throws The transport's errors.
 */
export async function sendWrite(
  codec: RecordCodec,
  call: StorageCall,
  input: ParsedRecordInput,
): Promise<Record> {
  const wire = await codec.encode(input);
  const echo = await call.request({ method: 'POST', path: '', json: wire }, WriteEchoSchema);
  return recordFromInput(input, wire, echo);
}

/**
 * Sends one batch write and returns the stored records, in the order given (see
 * `recordFromInput`). Each record's echo is found by its key, else at its index (a server may
 * echo SSE keys in another form).
 *
 * @param codec The storage's codec.
 * @param call The records call.
 * @param inputs The validated records.
 * @returns The stored records.
 * @throws {StorageCryptoError} Encryption failed.
 * @throws {StorageServerResponseValidationError} The echo is not valid records.
 * @throws The transport's errors.
 */
export async function sendBatchWrite(
  codec: RecordCodec,
  call: StorageCall,
  inputs: readonly ParsedRecordInput[],
): Promise<Record[]> {
  const records = await Promise.all(inputs.map((input) => codec.encode(input)));
  const request = { method: 'POST', path: BATCH_WRITE_PATH, json: { records } } as const;
  const echo = await call.request(request, BatchWriteEchoSchema);
  const echoed = echo?.records ?? [];
  const byKey = new Map(echoed.map((stamps) => [stamps.record_key, stamps]));
  return inputs.map((input, index) => {
    const sent = records[index] as ApiRecord;
    return recordFromInput(input, sent, byKey.get(sent.record_key) ?? echoed[index]);
  });
}
