import * as v from 'valibot';
import { type RecordValues, recordEntries } from './record-entries.ts';
import { wireObject } from './wire-issues.ts';
import {
  nonEmptyString,
  optionalBoolean,
  optionalCount,
  optionalKey,
  requestDate,
} from './wire-values.ts';

/** The fields of `ApiRecord` beyond those every record shares. */
type ApiRecordShape = RecordValues & {
  record_key: string;
  expires_at?: string | null | undefined;
  version?: number | null | undefined;
  is_encrypted?: boolean | null | undefined;
};

/**
 * The record a client sends to `POST /v2/storage/records/{country}` and in `batchWrite`
 * (protocol.md §5.2): `record_key` a non-empty string (the 64-hex hash; the raw key in SSE
 * mode); every other field optional and nullable, as Node sends explicit nulls and Python drops
 * them; string keys at most 256 characters; `range_key1..10` signed 64-bit integers (a safe
 * number, or a bigint past ±(2^53 − 1) as `parseJson` reads it); `expires_at` ISO-8601 with an
 * offset (Python's `+00:00`, Node's `Z`); `version` an integer ≥ 0 (the secret
 * version of `body`); `is_encrypted` a boolean; `body` and `precommit_body` strings (ciphertexts,
 * or plain text in SSE mode). Unknown fields are dropped, not refused.
 *
 * Every message names the field and the rule, never the value.
 */
export const ApiRecordSchema: v.GenericSchema<ApiRecordShape> = wireObject(
  {
    record_key: nonEmptyString(),
    ...recordEntries(optionalKey),
    expires_at: v.nullish(requestDate()),
    version: optionalCount(),
    is_encrypted: optionalBoolean(),
  },
  'a record object',
);

/** A record as a client sends it: snake_case, hashed keys, encrypted body. */
export type ApiRecord = v.InferOutput<typeof ApiRecordSchema>;
