// The JSON path of a value in a request body, as error answers name it (`records[0].range_key1`,
// `filter.$or[1].key2`). Keys come from the client: one that is not a plausible field name is
// shown as `<key>`, never repeated back.

/**
 * Joins a JSON path and one more step: `records` + 0 → `records[0]`, `filter` + `key1` →
 * `filter.key1`.
 *
 * @param base The path so far; empty for the body itself.
 * @param step An object key or an array index.
 * @returns The longer path.
 */
export function joinJsonPath(base: string, step: string | number): string {
  if (typeof step === 'number') return `${base}[${step}]`;
  // A key is client text: one that is not a plausible field name is not repeated back.
  const name = SAFE_KEY.test(step) ? step : '<key>';
  return base === '' ? name : `${base}.${name}`;
}

/** Field names and operators as the wire spells them; anything else is shown as `<key>`. */
const SAFE_KEY = /^[A-Za-z0-9_$-]{1,64}$/;
