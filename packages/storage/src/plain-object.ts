// Object helpers of the input checks. `isPlainObject` itself is `@residency/protocol`'s, shared
// with the server.

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
