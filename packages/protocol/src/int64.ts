// Range keys are signed 64-bit integers (protocol.md §5.1): the platform's column is a bigint
// and the Python SDK writes any value of [−2^63, 2^63 − 1]. JavaScript numbers hold integers
// exactly only up to ±(2^53 − 1), so a range key is a `number` while it is a safe integer and a
// `bigint` beyond that. These are the limits and checks both sides apply.

/** A signed 64-bit integer: a safe-integer `number`, or a `bigint` (any value of the range). */
export type Int64 = number | bigint;

/** The smallest signed 64-bit integer, −2^63 = −9223372036854775808. */
export const INT64_MIN: bigint = -(2n ** 63n);

/** The largest signed 64-bit integer, 2^63 − 1 = 9223372036854775807. */
export const INT64_MAX: bigint = 2n ** 63n - 1n;

/** The rule a value that is not a signed 64-bit integer breaks, for messages (never the value). */
export const INT64_RULE = 'must be an integer from -9223372036854775808 to 9223372036854775807';

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Tells whether a value is a signed 64-bit integer as this project holds one: a safe-integer
 * `number` (|n| ≤ 2^53 − 1), or a `bigint` from −2^63 to 2^63 − 1. A `number` beyond the safe
 * range is refused: it may already be rounded (2^53 + 1 reads as 2^53), so it is not exact.
 *
 * @param value Any value.
 * @returns `true` for a safe-integer number or an in-range bigint.
 * @example
 * ```ts
 * isInt64(42); // true
 * isInt64(2n ** 63n - 1n); // true
 * isInt64(2n ** 63n); // false: past the range
 * isInt64(1.5); // false
 * isInt64(2 ** 53); // false: not a safe integer, use 2n ** 53n
 * ```
 */
export function isInt64(value: unknown): value is Int64 {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX;
}

/**
 * Reads the decimal text of an integer exactly: a `number` when the value is a safe integer, a
 * `bigint` otherwise. The form in which range keys leave a database driver and a JSON parser.
 *
 * @param text An integer in decimal, optionally signed: `-?[0-9]+`, as PostgreSQL prints int8.
 * @returns The value, as a `number` when |value| ≤ 2^53 − 1, else as a `bigint`.
 * @throws {SyntaxError} When the text is not an integer (from `BigInt`).
 * @example
 * ```ts
 * int64FromText('42'); // 42
 * int64FromText('9007199254740993'); // 9007199254740993n
 * ```
 */
export function int64FromText(text: string): Int64 {
  const value = Number(text);
  // Any integer text past 2^53 − 1 reads as a number ≥ 2^53 (rounding is monotonic), which is
  // not a safe integer: the check cannot be fooled by rounding.
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

/**
 * Puts a signed 64-bit integer in its read form: a `bigint` within the safe range becomes a
 * `number`; anything else is returned as it is.
 *
 * @param value A safe-integer number or a bigint.
 * @returns A `number` when the value is a safe integer, else the `bigint`.
 * @example
 * ```ts
 * toInt64Read(5n); // 5
 * toInt64Read(2n ** 60n); // 1152921504606846976n
 * ```
 */
export function toInt64Read(value: Int64): Int64 {
  if (typeof value === 'number') return value;
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}
