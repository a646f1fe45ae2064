import * as v from 'valibot';
import { AttachmentMetaSchema, type WireAttachmentMeta } from './attachment-meta.ts';
import { type RecordValues, recordEntries } from './record-entries.ts';
import { wireObject } from './wire-issues.ts';
import {
  nonEmptyString,
  optionalBoolean,
  optionalCount,
  optionalString,
  responseDate,
} from './wire-values.ts';

type ServerRecordShape = RecordValues & {
  record_key: string;
  expires_at?: string | null | undefined;
  created_at?: string | null | undefined;
  updated_at?: string | null | undefined;
  version?: number | null | undefined;
  is_encrypted?: boolean | null | undefined;
  attachments?: WireAttachmentMeta[] | null | undefined;
};

const ATTACHMENTS_RULE = 'must be an array of attachment meta objects or null';

/**
 * A record as the server returns it from read, find, write and batch write (protocol.md §4.3).
 * Lenient, as the SDKs are: only `record_key` (a non-empty string) is required; every other
 * field may be absent or null (our server sends them all); string keys of any length;
 * `range_key1..10` signed 64-bit integers (a safe number, or a bigint past ±(2^53 − 1) as
 * `parseJson` reads it); `version` an integer ≥ 0; dates ISO-8601 with `Z`, `±hh:mm` or no offset (read as UTC); `attachments` an array of `AttachmentMetaSchema`. Unknown fields
 * are dropped.
 */
export const ServerRecordSchema: v.GenericSchema<ServerRecordShape> = wireObject(
  {
    record_key: nonEmptyString(),
    ...recordEntries(optionalString),
    expires_at: v.nullish(responseDate()),
    created_at: v.nullish(responseDate()),
    updated_at: v.nullish(responseDate()),
    version: optionalCount(),
    is_encrypted: optionalBoolean(),
    attachments: v.nullish(v.array(AttachmentMetaSchema, ATTACHMENTS_RULE)),
  },
  'a record object',
);

/** A record as the server returns it: snake_case, hashed keys, encrypted body, ISO dates. */
export type ServerRecord = v.InferOutput<typeof ServerRecordSchema>;

/** The answer to `POST /v2/storage/records/{country}`: the stored record (§4.1). */
export const WriteResponseSchema: v.GenericSchema<ServerRecordShape> = ServerRecordSchema;

/** The answer to a write: the stored record. */
export type WriteResponse = v.InferOutput<typeof WriteResponseSchema>;
