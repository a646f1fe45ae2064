// The snake_case field names of the wire record (protocol.md §5.1) and the groups the codec,
// the filters and the server treat alike (§5.1 "Key groups", §6.1).

/** The numbers of the service keys, 1 … 5. */
export type ServiceKeyNumber = 1 | 2 | 3 | 4 | 5;

/** The numbers of the range keys, 1 … 10. */
export type RangeKeyNumber = ServiceKeyNumber | 6 | 7 | 8 | 9 | 10;

/** The numbers of the search keys, 1 … 20. */
export type SearchKeyNumber = RangeKeyNumber | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20;

/** `service_key1` … `service_key5`. */
export type ServiceKeyField = `service_key${ServiceKeyNumber}`;

/** `key1` … `key20`: the search keys, hashed only when `hashSearchKeys` is on. */
export type SearchKeyField = `key${SearchKeyNumber}`;

/** `range_key1` … `range_key10`: integers, never hashed. */
export type RangeKeyField = `range_key${RangeKeyNumber}`;

/** The string keys hashed in every encrypted mode: record, profile, parent and service keys. */
export type AlwaysHashedField = 'record_key' | 'profile_key' | 'parent_key' | ServiceKeyField;

/** Every string key: the fields whose original values the body envelope's `meta` keeps. */
export type KeyField = AlwaysHashedField | SearchKeyField;

/** The fields a find request may sort on (protocol.md §8.1). */
export type SortField = SearchKeyField | RangeKeyField | 'created_at' | 'updated_at' | 'expires_at';

/**
 * Lists numbered field names, frozen: `numberedFields('key', 3)` is `key1`, `key2`, `key3`.
 *
 * @param prefix The name before the number.
 * @param count How many, numbered from 1.
 * @returns The names.
 */
export function numberedFields<T extends string>(prefix: string, count: number): readonly T[] {
  return Object.freeze(Array.from({ length: count }, (_, index) => `${prefix}${index + 1}` as T));
}

/** `service_key1` … `service_key5`, in order. */
export const SERVICE_KEY_FIELDS: readonly ServiceKeyField[] = numberedFields('service_key', 5);

/** `key1` … `key20`, in order. */
export const SEARCH_KEY_FIELDS: readonly SearchKeyField[] = numberedFields('key', 20);

/** `range_key1` … `range_key10`, in order. */
export const RANGE_KEY_FIELDS: readonly RangeKeyField[] = numberedFields('range_key', 10);

/** The 8 keys hashed whatever `hashSearchKeys` says (Node's `KEYS_TO_HASH`). */
export const ALWAYS_HASHED_FIELDS: readonly AlwaysHashedField[] = Object.freeze([
  'record_key',
  'profile_key',
  'parent_key',
  ...SERVICE_KEY_FIELDS,
]);

/** The 28 string keys (Python's `KEYS_TO_HASH`), in the order the envelope's `meta` lists them. */
export const KEY_FIELDS: readonly KeyField[] = Object.freeze([
  ...ALWAYS_HASHED_FIELDS,
  ...SEARCH_KEY_FIELDS,
]);

/** The fields a find request may sort on. */
export const SORT_FIELDS: readonly SortField[] = Object.freeze([
  ...SEARCH_KEY_FIELDS,
  ...RANGE_KEY_FIELDS,
  'created_at',
  'updated_at',
  'expires_at',
]);
