// What `write` and `batchWrite` return. Our server and the PoP as Python 5.0 uses it echo the
// stored record(s) (protocol.md §4.1, §4.2), which Python validates and decrypts; Node ignores
// the answer and returns its input. We do both: an answer that is a record (an object with
// `record_key`, or `{ records }` for a batch) must be a valid one; any other answer — empty,
// `{}`, `{ "ok": true }` — means the server echoed nothing, and the input is returned.

import * as v from 'valibot';
import { isPlainObject } from './plain-object.ts';
import type { Record } from './record.ts';
import type { RecordCodec } from './record-codec.ts';
import { RECORD_FIELD_NAMES } from './record-fields.ts';
import type { ParsedRecordInput } from './record-input.ts';
import type { StorageCall } from './storage-call.ts';
import {
  type BatchWriteResponse,
  BatchWriteResponseSchema,
  type WriteResponse,
  WriteResponseSchema,
} from './wire/index.ts';

const NoEcho = v.pipe(
  v.unknown(),
  v.transform((): undefined => undefined),
);

/**
 * The answer to a write: a server record when it is an object with `record_key` (validated
 * with `WriteResponseSchema`), `undefined` for anything else.
 */
export const WriteEchoSchema: v.GenericSchema<unknown, WriteResponse | undefined> = v.lazy(
  (input) => (isPlainObject(input) && 'record_key' in input ? WriteResponseSchema : NoEcho),
);

/**
 * The answer to a batch write: `{ records }` when it is an object with `records` (validated
 * with `BatchWriteResponseSchema`), `undefined` for anything else.
 */
export const BatchWriteEchoSchema: v.GenericSchema<unknown, BatchWriteResponse | undefined> =
  v.lazy((input) =>
    isPlainObject(input) && 'records' in input ? BatchWriteResponseSchema : NoEcho,
  );

/** Fields a written record has that the caller does not set. */
const SERVER_FIELDS: readonly string[] = ['createdAt', 'updatedAt', 'version', 'isEncrypted'];

/**
 * Builds the `Record` a write returns when the server echoed nothing: the input, every absent
 * field `null`, `createdAt` and `updatedAt` `null` (only the server knows them), `version` the
 * secret version the body was encrypted with, no attachments.
 *
 * @param input The validated record that was written.
 * @param version The `version` sent; `null` in SSE mode.
 * @returns The record.
 */
export function recordFromInput(input: ParsedRecordInput, version: number | null): Record {
  const fields: { [name: string]: unknown } = {};
  const given = input as unknown as { readonly [name: string]: unknown };
  for (const name of RECORD_FIELD_NAMES) {
    if (!SERVER_FIELDS.includes(name)) fields[name] = given[name] ?? null;
  }
  fields.createdAt = null;
  fields.updatedAt = null;
  fields.version = version;
  fields.attachments = [];
  return fields as Record;
}

/**
 * Sends one write and reads the answer: the echoed record, decrypted, or the input.
 *
 * @param codec The storage's codec.
 * @param call The records call.
 * @param input The validated record.
 * @returns The stored record.
 * @throws {StorageCryptoError} Encryption or decryption failed.
 * @throws The transport's errors.
 */
export async function sendWrite(
  codec: RecordCodec,
  call: StorageCall,
  input: ParsedRecordInput,
): Promise<Record> {
  const wire = await codec.encode(input);
  const echo = await call.request({ method: 'POST', path: '', json: wire }, WriteEchoSchema);
  return echo === undefined ? recordFromInput(input, wire.version ?? null) : codec.decode(echo);
}

/**
 * Sends one batch write and reads the answer: the echoed records, decrypted, or the inputs.
 *
 * @param codec The storage's codec.
 * @param call The records call.
 * @param inputs The validated records.
 * @returns The stored records.
 * @throws {StorageCryptoError} Encryption or decryption failed.
 * @throws The transport's errors.
 */
export async function sendBatchWrite(
  codec: RecordCodec,
  call: StorageCall,
  inputs: readonly ParsedRecordInput[],
): Promise<Record[]> {
  const records = await Promise.all(inputs.map((input) => codec.encode(input)));
  const request = { method: 'POST', path: '/batchWrite', json: { records } } as const;
  const echo = await call.request(request, BatchWriteEchoSchema);
  if (echo === undefined) {
    return inputs.map((input, index) => recordFromInput(input, records[index]?.version ?? null));
  }
  return Promise.all(echo.records.map((server) => codec.decode(server)));
}
