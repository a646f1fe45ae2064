// The JSON codec of the wire (protocol.md §5.1: range keys are exact signed 64-bit integers).
// `JSON.parse` rounds an integer past ±(2^53 − 1) to the nearest double (9007199254740993 reads
// as 9007199254740992) and `JSON.stringify` throws on a bigint, so neither carries a range key
// of the Python SDK's full 64 bits. lossless-json (josdejong, no dependencies, runs in Node and
// browsers) does both, but its parser is JavaScript, about ten times slower than the native one.
// So the native functions stay the hot path and lossless-json takes over only where a value
// needs it: a text whose native parse holds a number past ±(2^53 − 1) (docs/decisions/0009),
// and a value that holds a bigint (where the native stringify throws).

import { parse as losslessParse, stringify as losslessStringify } from 'lossless-json';
import { type Int64, int64FromText } from './int64.ts';

// The longest integer literal read exactly: 19 digits holds every int64 (2^63 − 1 has 19).
// Longer ones are beyond the range anyway and read as `JSON.parse` reads them, which also keeps
// a huge literal from costing a huge `BigInt`.
const EXACT_INTEGER = /^-?\d{1,19}$/;

// Past this depth the check gives up and sends the text down the exact path, whose parser
// refuses what it cannot nest (a SyntaxError), rather than run out of stack here.
const MAX_CHECKED_DEPTH = 256;

/** Whether a number is past ±(2^53 − 1): a rounded integer literal reads as one. */
function isUnsafeNumber(value: number): boolean {
  return value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER;
}

/** Whether a member or element needs the exact parse: an unsafe number, or one inside it. */
function itemNeedsExact(item: unknown, depth: number): boolean {
  // Primitives are told apart here, not in a call: most members are strings and nulls.
  if (typeof item === 'object') return item !== null && holdsUnsafeNumber(item, depth);
  return typeof item === 'number' && isUnsafeNumber(item);
}

/**
 * Tells whether a parsed object or array holds a number past ±(2^53 − 1). Every integer
 * literal that `JSON.parse` rounds reads as such a number (rounding is monotonic and 2^53 is a
 * double), so a value without one was parsed exactly. Numbers like `1e300` also count: they
 * only send the text down the slower exact path, which reads them as `JSON.parse` does.
 *
 * @param value An object or array `JSON.parse` returned.
 * @param depth How deep it sits.
 * @returns `true` when the text needs the exact parse.
 */
function holdsUnsafeNumber(value: object, depth: number): boolean {
  if (depth >= MAX_CHECKED_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (itemNeedsExact(value[index], depth + 1)) return true;
    }
    return false;
  }
  for (const key in value) {
    if (itemNeedsExact((value as { readonly [key: string]: unknown })[key], depth + 1)) {
      return true;
    }
  }
  return false;
}

/**
 * Reads one number token of the exact parse: an integer of up to 19 digits exactly (a `number`
 * when safe, else a `bigint`); any other token as `JSON.parse` reads it.
 *
 * @param token The number's text, as JSON writes it.
 * @returns The number, or a bigint for an integer beyond ±(2^53 − 1).
 */
function readNumber(token: string): Int64 {
  return EXACT_INTEGER.test(token) ? int64FromText(token) : Number(token);
}

const LOSSLESS_OPTIONS = {
  parseNumber: readNumber,
  // `JSON.parse` keeps the last of duplicate keys; lossless-json would throw by default.
  onDuplicateKey: ({ newValue }: { readonly newValue: unknown }): unknown => newValue,
};

/**
 * Parses a JSON text as `JSON.parse` does, except that an integer literal of up to 19 digits
 * beyond ±(2^53 − 1) becomes an exact `bigint` instead of a rounded number. Every other value,
 * safe integers included, comes back as `JSON.parse` gives it. A text is parsed by `JSON.parse`
 * first; only when the result holds a number past the safe range (nearly never) is it parsed
 * again by lossless-json.
 *
 * @param text A JSON text.
 * @returns The value.
 * @throws {SyntaxError} When the text is not JSON. Its message may quote the text: never
 *   forward it where the text may hold a secret or a body.
 * @example
 * ```ts
 * parseJson('{"range_key1":9223372036854775807,"version":1}');
 * // → { range_key1: 9223372036854775807n, version: 1 }
 * ```
 */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!itemNeedsExact(value, 0)) return value;
  try {
    return losslessParse(text, null, LOSSLESS_OPTIONS);
  } catch (error) {
    if (error instanceof SyntaxError) throw error;
    // A recursive parser runs out of stack on deep nesting, where `JSON.parse` does not.
    throw new SyntaxError('the JSON text nests too deeply');
  }
}

/**
 * Writes a value as JSON as `JSON.stringify` does, except that a `bigint` is written as its bare
 * decimal digits (`9223372036854775807`), which `JSON.stringify` refuses. A value without a
 * bigint goes through `JSON.stringify` itself; only one that holds a bigint is written again by
 * lossless-json.
 *
 * @param value The value: objects, arrays, strings, numbers, booleans, null, bigints, and
 *   anything with `toJSON` (a `Date`).
 * @param space Indentation, as `JSON.stringify`'s third argument.
 * @returns The JSON text.
 * @throws {TypeError} When the value has no JSON text (`undefined`, a function), or as
 *   `JSON.stringify` throws for anything else (a cycle).
 * @example
 * ```ts
 * stringifyJson({ range_key1: 2n ** 63n - 1n }); // '{"range_key1":9223372036854775807}'
 * ```
 */
export function stringifyJson(value: unknown, space?: number | string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, space);
  } catch (error) {
    // A bigint is the only value whose TypeError lossless-json answers; a cycle or a throwing
    // `toJSON` fails there too (out of stack, or the same throw), so the native error stands.
    if (!(error instanceof TypeError)) throw error;
    text = losslessOrThrow(value, space, error);
  }
  if (text === undefined) throw new TypeError('the value has no JSON representation');
  return text;
}

function losslessOrThrow(value: unknown, space: number | string | undefined, cause: TypeError) {
  try {
    return losslessStringify(value, null, space);
  } catch {
    throw cause;
  }
}
