import * as v from 'valibot';
import { AttachmentMetaSchema, type WireAttachmentMeta } from './attachment-meta.ts';
import type { Int64 } from './int64.ts';
import { type RecordValues, recordEntries, type StringKeyField } from './record-entries.ts';
import type { RangeKeyField } from './wire-fields.ts';
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
  attachments?: readonly WireAttachmentMeta[] | null | undefined;
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

/**
 * A record as the server returns it: snake_case, hashed keys, encrypted body, ISO dates; also
 * the answer to `POST /v2/storage/records/{country}` (the stored record, §4.1).
 */
export type ServerRecord = v.InferOutput<typeof ServerRecordSchema>;

/**
 * A record as Residency's server sends it (protocol.md §4.3): the full read shape, every field
 * present, nulls included, `attachments` always an array (Node 3.5.0 checks it with io-ts
 * `t.type`, which fails on any missing key). `ServerRecordSchema` accepts it; the SDK reads it
 * leniently as a `ServerRecord`.
 */
export type WireRecord = {
  readonly record_key: string;
  readonly body: string | null;
  readonly precommit_body: string | null;
  readonly version: number;
  readonly is_encrypted: boolean | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly expires_at: string | null;
} & { readonly [field in StringKeyField]: string | null } & {
  readonly [field in RangeKeyField]: Int64 | null;
} & { readonly attachments: readonly WireAttachmentMeta[] };
