// camelCase record fields ↔ snake_case wire fields (protocol.md §5.1: "the wire is always
// snake_case"). Every name converts by one rule, so the tables are derived, not typed twice.

import { numberedFields } from '@residency/protocol';
import type { RangeKeyName, SearchKeyName, ServiceKeyName } from './record.ts';

/** The snake_case spelling of a camelCase name, as a type: `SnakeCase<'rangeKey1'>` is `range_key1`. */
export type SnakeCase<Name extends string> = Name extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : Name;

/** Every camelCase field of a record, written or read. */
export type RecordFieldName =
  | 'recordKey'
  | 'body'
  | 'precommitBody'
  | 'profileKey'
  | 'parentKey'
  | ServiceKeyName
  | SearchKeyName
  | RangeKeyName
  | 'expiresAt'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'isEncrypted'
  | 'attachments';

/** Every snake_case field of a wire record. */
export type WireFieldName = SnakeCase<RecordFieldName>;

/** Every record field, in wire order. */
export const RECORD_FIELD_NAMES: readonly RecordFieldName[] = Object.freeze([
  'recordKey',
  'body',
  'precommitBody',
  'profileKey',
  'parentKey',
  ...numberedFields<ServiceKeyName>('serviceKey', 5),
  ...numberedFields<SearchKeyName>('key', 20),
  ...numberedFields<RangeKeyName>('rangeKey', 10),
  'expiresAt',
  'createdAt',
  'updatedAt',
  'version',
  'isEncrypted',
  'attachments',
]);

/**
 * Spells a camelCase name the wire way: `serviceKey1` → `service_key1`, `searchKeys` →
 * `search_keys`. The one rule behind every camelCase ↔ snake_case table of this package.
 *
 * @param name A camelCase name.
 * @returns Its snake_case spelling.
 */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** camelCase → snake_case of every record field, e.g. `serviceKey1` → `service_key1`. */
export const RECORD_TO_WIRE_FIELD: { readonly [name in RecordFieldName]: SnakeCase<name> } =
  Object.freeze(
    Object.fromEntries(RECORD_FIELD_NAMES.map((name) => [name, toSnakeCase(name)])),
  ) as {
    readonly [name in RecordFieldName]: SnakeCase<name>;
  };

const WIRE_TO_RECORD = new Map<string, RecordFieldName>(
  RECORD_FIELD_NAMES.map((name) => [toSnakeCase(name), name]),
);

/**
 * Names the wire field of a record field.
 *
 * @param name A camelCase record field, e.g. `recordKey`.
 * @returns Its snake_case wire name, e.g. `record_key`.
 */
export function toWireField<Name extends RecordFieldName>(name: Name): SnakeCase<Name> {
  return RECORD_TO_WIRE_FIELD[name];
}

/**
 * Names the record field of a wire field.
 *
 * @param name A snake_case wire field, e.g. `range_key3`.
 * @returns Its camelCase record name, e.g. `rangeKey3`; `undefined` for any other string.
 */
export function toRecordField(name: string): RecordFieldName | undefined {
  return WIRE_TO_RECORD.get(name);
}
