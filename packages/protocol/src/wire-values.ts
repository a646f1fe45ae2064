// The field schemas the wire schemas share. Each sets its own message (wire-issues.ts).

import * as v from 'valibot';
import { codePointLength } from './code-points.ts';
import { INT64_RULE, type Int64, isInt64 } from './int64.ts';
import { isWireDate } from './wire-date.ts';

/** The longest string key the server accepts: unhashed `key1..20` and SSE keys (§5.3, §6.3). */
export const MAX_KEY_LENGTH = 256;

const STRING_RULE = 'must be a string';
const NULLABLE_STRING_RULE = 'must be a string or null';
const KEY_RULE = `must be a string of at most ${MAX_KEY_LENGTH} characters or null`;
const RANGE_KEY_RULE = `${INT64_RULE}, or null`;
const COUNT_RULE = 'must be an integer ≥ 0';
const BOOLEAN_RULE = 'must be a boolean or null';
const DATE_RULE = 'must be an ISO-8601 date-time such as 2021-08-11T12:36:52.607Z';
const LENIENT_DATE_RULE = 'must be an ISO-8601 date-time';

/**
 * A required non-empty string.
 *
 * @returns The schema.
 */
export function nonEmptyString(): v.GenericSchema<string> {
  const rule = 'must be a non-empty string';
  return v.pipe(v.string(rule), v.minLength(1, rule));
}

/**
 * A required string, any length.
 *
 * @returns The schema.
 */
export function plainString(): v.GenericSchema<string> {
  return v.string(STRING_RULE);
}

/**
 * An optional string or null, any length (bodies, ciphertexts, lenient response fields).
 *
 * @returns The schema.
 */
export function optionalString(): v.GenericSchema<string | null | undefined> {
  return v.nullish(v.string(NULLABLE_STRING_RULE));
}

/**
 * An optional key of a request: a string of at most 256 characters (code points, as the SDKs
 * and Python's `len` count them: an emoji is one), or null.
 *
 * @returns The schema.
 */
export function optionalKey(): v.GenericSchema<string | null | undefined> {
  return v.nullish(v.pipe(v.string(KEY_RULE), v.check(isShortKey, KEY_RULE)));
}

// UTF-16 units are never fewer than code points: most keys are settled without counting.
function isShortKey(key: string): boolean {
  return key.length <= MAX_KEY_LENGTH || codePointLength(key) <= MAX_KEY_LENGTH;
}

/**
 * An optional signed 64-bit integer or null (range keys, protocol.md §5.1): a safe-integer number,
 * or a bigint from −2^63 to 2^63 − 1, as `parseJson` reads an integer literal past ±(2^53 − 1).
 * A number past the safe range is refused: it has been rounded, so it is not the value sent.
 *
 * @returns The schema.
 */
export function optionalInt64(): v.GenericSchema<Int64 | null | undefined> {
  return v.nullish(v.custom<Int64>(isInt64, RANGE_KEY_RULE));
}

/**
 * An integer from 0 to 2^53 − 1 (versions, counts, sizes, offsets).
 *
 * @returns The schema.
 */
export function count(): v.GenericSchema<number> {
  return v.pipe(v.number(COUNT_RULE), v.safeInteger(COUNT_RULE), v.minValue(0, COUNT_RULE));
}

/**
 * An optional count or null (`version` of a record).
 *
 * @returns The schema.
 */
export function optionalCount(): v.GenericSchema<number | null | undefined> {
  return v.nullish(count());
}

/**
 * An optional boolean or null (`is_encrypted`).
 *
 * @returns The schema.
 */
export function optionalBoolean(): v.GenericSchema<boolean | null | undefined> {
  return v.nullish(v.boolean(BOOLEAN_RULE));
}

/**
 * A date-time a request sends: ISO-8601 with a `Z` or `±hh:mm` offset (precise).
 *
 * @returns The schema.
 */
export function requestDate(): v.GenericSchema<string> {
  return v.pipe(
    v.string(DATE_RULE),
    v.check((text) => isWireDate(text, { requireOffset: true }), DATE_RULE),
  );
}

/**
 * A date-time a response carries: ISO-8601 with `Z`, `±hh:mm` or no offset (read as UTC).
 *
 * @returns The schema.
 */
export function responseDate(): v.GenericSchema<string> {
  return v.pipe(
    v.string(LENIENT_DATE_RULE),
    v.check((text) => isWireDate(text), LENIENT_DATE_RULE),
  );
}
