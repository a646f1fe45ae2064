// The record field names users write (camelCase) and their wire names (snake_case), grouped as
// the validation rules need them (protocol.md §5.1). Internal to input validation; the record
// names are derived from the same helpers as the codec's tables (record-fields.ts).

import { numberedFields } from '@residency/protocol';
import { toSnakeCase } from './record-fields.ts';

/** `recordKey`, `profileKey`, `parentKey`: hashed utility keys. */
export const UTILITY_KEY_FIELDS: readonly string[] = Object.freeze([
  'recordKey',
  'profileKey',
  'parentKey',
]);

/** `serviceKey1`..`serviceKey5`: hashed. */
export const SERVICE_KEY_FIELDS: readonly string[] = numberedFields('serviceKey', 5);

/** `key1`..`key20`: hashed unless `hashSearchKeys` is false; `$like` and `searchKeys` target them. */
export const SEARCH_KEY_FIELDS: readonly string[] = numberedFields('key', 20);

/** `rangeKey1`..`rangeKey10`: plain integers. */
export const RANGE_KEY_FIELDS: readonly string[] = numberedFields('rangeKey', 10);

/** Every string key field, the ones a filter hashes (Python `STRING_KEYS`). */
export const STRING_KEY_FIELDS: readonly string[] = Object.freeze([
  ...UTILITY_KEY_FIELDS,
  ...SERVICE_KEY_FIELDS,
  ...SEARCH_KEY_FIELDS,
]);

/** The fields `find` can sort by (Python `SORT_KEYS`, protocol.md §8.1). */
export const SORT_FIELDS: readonly string[] = Object.freeze([
  ...SEARCH_KEY_FIELDS,
  ...RANGE_KEY_FIELDS,
  'createdAt',
  'updatedAt',
  'expiresAt',
]);

/**
 * Finds the camelCase field a snake_case name stands for, to hint at the right spelling when a
 * caller uses a wire name (Python users write `record_key`).
 *
 * @param name The unknown property name.
 * @param fields The fields accepted where the name was found.
 * @returns The camelCase field, or `undefined` when `name` is no field's wire name.
 */
export function camelFieldOf(name: string, fields: readonly string[]): string | undefined {
  return name.includes('_') ? fields.find((field) => toSnakeCase(field) === name) : undefined;
}
