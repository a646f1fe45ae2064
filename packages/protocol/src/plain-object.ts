// One test for "is this a JSON object?", shared by the client's input checks and the server's
// body checks, so both sides agree on what an object is.

/**
 * Tells whether a value is a plain object (an object literal, `Object.create(null)`, or what
 * `JSON.parse` and `parseJson` make of `{ … }`), as opposed to an array, `null`, a `Date`, a `Map`
 * or another class instance.
 *
 * @param value Any value.
 * @returns `true` for `{ … }`.
 * @example
 * ```ts
 * isPlainObject({ key1: 'a' }); // → true
 * isPlainObject([]); // → false
 * isPlainObject(new Date()); // → false
 * ```
 */
export function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
