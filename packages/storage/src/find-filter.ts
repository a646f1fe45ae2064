import {
  codePointLength,
  type FilterContext,
  type Int64,
  isPlainObject,
  parseFindFilter,
  wellFormedText,
} from '@residency/protocol';
import * as v from 'valibot';
import {
  buildDateFilterValue,
  buildIntFilterValue,
  buildStringFilterValue,
  type WireFilterValue,
} from './find-filter-values.ts';
import { type InputContext, requirePlainSearchKeys, searchKeysArePlain } from './input-context.ts';
import {
  camelFieldOf,
  RANGE_KEY_FIELDS,
  SEARCH_KEY_FIELDS,
  STRING_KEY_FIELDS,
} from './input-fields.ts';
import { inputError, joinPath, parseInput } from './input-issues.ts';
import { definedEntries } from './plain-object.ts';
import type { RangeKeyName, SearchKeyName, ServiceKeyName } from './record.ts';
import { toSnakeCase } from './record-fields.ts';

/** A string key's scalar, list (any of) or null (no value). */
export type StringFilterOperand = string | readonly string[] | null;
/** The filter of `recordKey`, `profileKey`, `parentKey`, `serviceKey1`..`5`. */
export type StringFilter = StringFilterOperand | { readonly $not: StringFilterOperand };
/**
 * The filter of `key1`..`key20`: a string filter, or `$like` (partial match, never hashed; needs
 * `hashSearchKeys: false` or SSE, refused where search keys are hashed).
 */
export type SearchKeyFilter =
  | StringFilter
  | { readonly $like: string; readonly $not?: StringFilterOperand };

/** Bounds and `$not` on an integer or date field; `$gt` excludes `$gte`, `$lt` excludes `$lte`. */
export interface RangeOperators<TValue, TNot> {
  readonly $not?: TNot;
  readonly $gt?: TValue;
  readonly $gte?: TValue;
  readonly $lt?: TValue;
  readonly $lte?: TValue;
}
/**
 * An integer field's scalar, list or null: each integer a safe-integer `number` or a `bigint`
 * from −2^63 to 2^63 − 1 (range keys are signed 64-bit, protocol.md §5.1).
 */
export type IntFilterOperand = Int64 | readonly Int64[] | null;
/** The filter of `rangeKey1`..`10` and `version`. */
export type IntFilter = IntFilterOperand | RangeOperators<Int64, IntFilterOperand>;
/** A date: a `Date` or an ISO 8601 string. */
export type DateFilterScalar = Date | string;
/** The filter of `expiresAt`. */
export type DateFilter =
  | DateFilterScalar
  | readonly DateFilterScalar[]
  | null
  | RangeOperators<DateFilterScalar, DateFilterScalar | readonly DateFilterScalar[] | null>;
/** The filter of `createdAt` and `updatedAt`, which are never null. */
export type NonNullDateFilter =
  | DateFilterScalar
  | readonly DateFilterScalar[]
  | RangeOperators<DateFilterScalar, DateFilterScalar | readonly DateFilterScalar[]>;

/** The fields an `$or` item may use: the string keys. */
export type OrFilterItem = {
  readonly recordKey?: StringFilter;
  readonly profileKey?: StringFilter;
  readonly parentKey?: StringFilter;
} & { readonly [K in ServiceKeyName]?: StringFilter } & {
  readonly [K in SearchKeyName]?: SearchKeyFilter;
};

/** A `find` filter, camelCase fields, ANDed (protocol.md §8.2). */
export type FindFilter = OrFilterItem & { readonly [K in RangeKeyName]?: IntFilter } & {
  readonly version?: IntFilter;
  readonly expiresAt?: DateFilter;
  readonly createdAt?: NonNullDateFilter;
  readonly updatedAt?: NonNullDateFilter;
  /**
   * Partial match over `key1`..`key20`, 3..200 characters; not with `key*` filters or `$or`.
   * Needs `hashSearchKeys: false` (or SSE): refused where search keys are hashed.
   */
  readonly searchKeys?: string;
  /** At least two items, any of which may match. */
  readonly $or?: readonly OrFilterItem[];
};

/** A filter as sent: snake_case fields, strings hashed, dates ISO strings. */
export interface WireFindFilter {
  readonly [field: string]: WireFilterValue | readonly WireFindFilter[];
}

/** What `buildFindFilter` needs from the storage. */
export interface FindFilterContext extends InputContext {
  /**
   * Converts one string key value for the wire: normalizes and hashes it per field and mode
   * (the record codec's job), or returns it as is (SSE, unhashed `key*`).
   */
  readonly hashKey: (wireField: string, value: string) => string;
}

/** `searchKeys` length bounds (protocol.md §8.2). */
const SEARCH_KEYS_MIN = 3;
const SEARCH_KEYS_MAX = 200;
const SEARCH_KEYS_RULE = `must be a string of ${SEARCH_KEYS_MIN} to ${SEARCH_KEYS_MAX} characters`;
const SearchKeysSchema = v.pipe(
  v.string(SEARCH_KEYS_RULE),
  v.check((text) => {
    const length = codePointLength(text);
    return length >= SEARCH_KEYS_MIN && length <= SEARCH_KEYS_MAX;
  }, SEARCH_KEYS_RULE),
  wellFormedText(),
);

const INT_FIELDS: readonly string[] = [...RANGE_KEY_FIELDS, 'version'];
const DATE_FIELDS: readonly string[] = ['expiresAt', 'createdAt', 'updatedAt'];
const TOP_LEVEL_FIELDS: readonly string[] = [
  ...STRING_KEY_FIELDS,
  ...INT_FIELDS,
  ...DATE_FIELDS,
  'searchKeys',
];

function buildFieldValue(
  field: string,
  value: unknown,
  path: string,
  context: FindFilterContext,
): WireFilterValue {
  if (STRING_KEY_FIELDS.includes(field)) {
    const wireField = toSnakeCase(field);
    const search = SEARCH_KEY_FIELDS.includes(field);
    if (search && isPlainObject(value) && value.$like !== undefined) {
      requirePlainSearchKeys(context, joinPath(path, '$like'), 'match');
    }
    return buildStringFilterValue(value, path, {
      hash: (text) => context.hashKey(wireField, text),
      bounded: search && searchKeysArePlain(context),
      like: search,
    });
  }
  if (INT_FIELDS.includes(field)) return buildIntFilterValue(value, path);
  if (DATE_FIELDS.includes(field)) return buildDateFilterValue(value, path, field === 'expiresAt');
  requirePlainSearchKeys(context, path, 'match');
  return parseInput(SearchKeysSchema, value, path);
}

function unknownField(field: string, path: string, allowed: readonly string[]): never {
  const hint = camelFieldOf(field, allowed);
  const rule = hint === undefined ? 'is not a filter field' : `is not a filter field (use ${hint})`;
  throw inputError(path, rule);
}

function buildOrItem(item: unknown, path: string, context: FindFilterContext): WireFindFilter {
  if (!isPlainObject(item)) throw inputError(path, 'must be an object of string key filters');
  const entries = definedEntries(item);
  if (entries.length === 0) throw inputError(path, 'must not be an empty filter');
  const wire: Record<string, WireFilterValue> = {};
  for (const [field, value] of entries) {
    const fieldPath = joinPath(path, field);
    if (field === '$or') throw inputError(fieldPath, 'cannot be nested');
    if (!STRING_KEY_FIELDS.includes(field)) {
      if (TOP_LEVEL_FIELDS.includes(field)) {
        throw inputError(fieldPath, 'is not allowed in $or: only string keys are');
      }
      unknownField(field, fieldPath, STRING_KEY_FIELDS);
    }
    wire[toSnakeCase(field)] = buildFieldValue(field, value, fieldPath, context);
  }
  return wire;
}

function buildOr(value: unknown, path: string, context: FindFilterContext): WireFindFilter[] {
  if (!Array.isArray(value) || value.length < 2) {
    throw inputError(path, 'must be a list of at least 2 filters');
  }
  return value.map((item, index) => buildOrItem(item, joinPath(path, index), context));
}

function checkSearchKeys(fields: readonly string[], path: string): void {
  if (!fields.includes('searchKeys')) return;
  const searchKeysPath = joinPath(path, 'searchKeys');
  if (fields.some((field) => SEARCH_KEY_FIELDS.includes(field))) {
    throw inputError(searchKeysPath, 'cannot be combined with key1..key20 filters');
  }
  if (fields.includes('$or')) throw inputError(searchKeysPath, 'cannot be combined with $or');
}

/**
 * Validates a `find` filter and builds the wire filter (protocol.md §8.2, Python 5.0 rules).
 * Fields are ANDed; names go from camelCase to snake_case. String keys take a string, a
 * non-empty list, null or `{ $not }`, and `key1`..`key20` also `{ $like }`; integer fields
 * (`rangeKey1`..`10`, `version`) and dates (`expiresAt`, `createdAt`, `updatedAt`) also take the
 * bounds `$gt`, `$gte`, `$lt`, `$lte`. `searchKeys` (3..200 characters) excludes `key*` filters
 * and `$or`; `$or` takes at least two non-empty items of string keys. Every string key value
 * goes through `context.hashKey`, except `$like` objects (sent as given) and `searchKeys`; dates
 * become `toISOString()`; `null` stays `null`. `searchKeys` and `$like` need plain search keys
 * (`hashSearchKeys: false`, or SSE, where the server decides): on hashed ones they would find
 * nothing, so they are refused. With plain search keys, `key1`..`key20` values hold at most 256
 * characters. Every string must be well-formed Unicode (no lone surrogate).
 *
 * @param filter The caller's filter; `undefined` matches every record.
 * @param context The hash function and the storage settings.
 * @param path The argument's name in error messages; `filter` unless told.
 * @returns The wire filter.
 * @throws {InputValidationError} The filter breaks a rule, or uses `searchKeys` or `$like` with
 *   hashed search keys (`hashSearchKeys: true` in LOCAL or OFF mode); `path` names the field or
 *   operand (e.g. `filter.rangeKey1.$gt`, `filter.$or.1.key2`, `filter.key1.$like`), the
 *   message never quotes a value.
 * @example
 * ```ts
 * buildFindFilter({ key1: ['a', 'b'], rangeKey1: { $gte: 10 } }, { hashKey, encryption, hashSearchKeys });
 * // → { key1: [hashKey('key1', 'a'), hashKey('key1', 'b')], range_key1: { $gte: 10 } }
 * ```
 */
export function buildFindFilter(
  filter: unknown,
  context: FindFilterContext,
  path = 'filter',
): WireFindFilter {
  if (filter === undefined) return {};
  if (!isPlainObject(filter)) throw inputError(path, 'must be an object of field filters');
  const entries = definedEntries(filter);
  const wire: Record<string, WireFilterValue | WireFindFilter[]> = {};
  for (const [field, value] of entries) {
    const fieldPath = joinPath(path, field);
    if (field === '$or') wire.$or = buildOr(value, fieldPath, context);
    else if (TOP_LEVEL_FIELDS.includes(field)) {
      wire[toSnakeCase(field)] = buildFieldValue(field, value, fieldPath, context);
    } else unknownField(field, fieldPath, TOP_LEVEL_FIELDS);
  }
  checkSearchKeys(
    entries.map(([field]) => field),
    path,
  );
  // The filter about to be sent goes through the server's grammar too (@residency/protocol), so
  // what the SDK accepts the server accepts: list, `$or` and operand limits included.
  parseFindFilter(wire, SENT_AS_BUILT);
  return wire;
}

/** The wire filter holds its operands in the form they are sent (hashed where they must be). */
const SENT_AS_BUILT: FilterContext = { toStored: (_field, value) => value };
