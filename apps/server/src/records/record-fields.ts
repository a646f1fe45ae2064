// The wire's field groups as this server uses them, typed with the store's field names.

import { RANGE_KEY_FIELDS, SEARCH_KEY_FIELDS, SERVICE_KEY_FIELDS } from '@residency/protocol';
import type { RangeKeyField, StringKeyField } from '../store/index.ts';

/** The string keys besides `record_key`, in the order records list them (protocol.md §4.3). */
export const STRING_KEY_FIELDS: readonly StringKeyField[] = Object.freeze([
  'profile_key',
  'parent_key',
  ...SERVICE_KEY_FIELDS,
  ...SEARCH_KEY_FIELDS,
]);

/** `range_key1` … `range_key10`. */
export const RANGE_FIELDS: readonly RangeKeyField[] = RANGE_KEY_FIELDS;

/**
 * Tells whether a field is one of `key1` … `key20`.
 *
 * @param field A wire field name.
 * @returns `true` for a search key.
 */
export function isSearchField(field: string): boolean {
  return /^key([1-9]|1[0-9]|20)$/.test(field);
}
