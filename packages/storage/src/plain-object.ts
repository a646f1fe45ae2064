/**
 * Tells whether a value is a plain object (an object literal), as opposed to a list, a `Date`,
 * `null` or a class instance.
 *
 * @param value Any value.
 * @returns `true` for `{ … }` and `Object.create(null)`.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Lists an object's properties whose value is not `undefined`: an `undefined` property counts as
 * absent, as it would be in JSON.
 *
 * @param object A plain object.
 * @returns Its `[key, value]` pairs without the `undefined` ones.
 */
export function definedEntries(object: Record<string, unknown>): [string, unknown][] {
  return Object.entries(object).filter(([, value]) => value !== undefined);
}
