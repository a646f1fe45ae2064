// A find filter (protocol.md §8.2) becomes the store's condition tree: top-level fields ANDed,
// `$or` a list of at least two non-empty sub-filters over string keys, `search_keys` a partial
// match over `key1..20` that excludes `key1..20` filters and `$or`. Unknown fields are refused,
// so a typo never widens a query into "everything".

import { codePointLength } from './code-points.ts';
import type { FilterCondition as FindCondition } from './filter-condition.ts';
import {
  DATE_KIND,
  type FieldKind,
  fieldCondition,
  filterRuleError,
  INT_KIND,
  MAX_FILTER_STRING,
  NULLABLE_DATE_KIND,
  type OperandBudget,
  stringKind,
} from './find-filter-values.ts';
import { joinJsonPath } from './json-path.ts';
import { isPlainObject } from './plain-object.ts';
import {
  RANGE_KEY_FIELDS as RANGE_FIELDS,
  SEARCH_KEY_FIELDS as SEARCH_FIELDS,
} from './wire-fields.ts';

/** The most operands (scalars and list items) one filter may hold. */
export const MAX_FILTER_OPERANDS = 10_000;

/** The most sub-filters of `$or`. */
export const MAX_OR_ITEMS = 100;

/** How string operands are stored, and whether partial matching works, for this request. */
export interface FilterContext {
  /** Converts a string operand of a field to its stored form (the SSE hash, or as is). */
  readonly toStored: (field: string, value: string) => string;
  /** Why `$like` and `search_keys` cannot work here (SSE with hashed search keys), if so. */
  readonly partialMatchRefusal?: string | undefined;
}

const OR_KEYS: readonly string[] = [
  'record_key',
  'profile_key',
  'parent_key',
  ...['1', '2', '3', '4', '5'].map((number) => `service_key${number}`),
  ...SEARCH_FIELDS,
];

function fail(source: string, detail: string): never {
  throw filterRuleError(source, detail);
}

function likeChecker(context: FilterContext): (value: unknown, source: string) => string {
  return (value, source) => {
    if (context.partialMatchRefusal !== undefined) fail(source, context.partialMatchRefusal);
    if (typeof value !== 'string' || value === '' || codePointLength(value) > MAX_FILTER_STRING) {
      fail(source, `must be a string of 1 to ${MAX_FILTER_STRING} characters`);
    }
    return value;
  };
}

function kindOf(field: string, context: FilterContext): FieldKind | undefined {
  if (OR_KEYS.includes(field)) {
    return stringKind({
      toStored: (value) => context.toStored(field, value),
      like: SEARCH_FIELDS.includes(field as never) ? likeChecker(context) : undefined,
    });
  }
  if (field === 'version' || RANGE_FIELDS.includes(field as never)) return INT_KIND;
  if (field === 'expires_at') return NULLABLE_DATE_KIND;
  if (field === 'created_at' || field === 'updated_at') return DATE_KIND;
  return undefined;
}

function within(length: number, min: number, max: number): boolean {
  return length >= min && length <= max;
}

function searchCondition(value: unknown, source: string, context: FilterContext): FindCondition {
  if (context.partialMatchRefusal !== undefined) fail(source, context.partialMatchRefusal);
  if (typeof value !== 'string' || !within(codePointLength(value), 3, 200)) {
    fail(source, 'must be a string of 3 to 200 characters');
  }
  return { kind: 'search', text: value };
}

function orCondition(
  value: unknown,
  source: string,
  context: FilterContext,
  budget: OperandBudget,
): FindCondition {
  const rule = `must be a list of 2 to ${MAX_OR_ITEMS} non-empty filters of string keys`;
  if (!Array.isArray(value) || value.length < 2 || value.length > MAX_OR_ITEMS) fail(source, rule);
  const conditions = value.map((item, index) => {
    const itemSource = joinJsonPath(source, index);
    if (!isPlainObject(item) || Object.keys(item).length === 0) fail(itemSource, rule);
    return andCondition(item, itemSource, context, budget, true);
  });
  return { kind: 'or', conditions };
}

function andCondition(
  filter: { readonly [key: string]: unknown },
  source: string,
  context: FilterContext,
  budget: OperandBudget,
  inOr: boolean,
): FindCondition {
  const conditions = Object.entries(filter).map(([field, value]) => {
    const fieldSource = joinJsonPath(source, field);
    if (field === '$or') {
      if (inOr) fail(fieldSource, 'cannot be nested');
      return orCondition(value, fieldSource, context, budget);
    }
    if (field === 'search_keys' && !inOr) return searchCondition(value, fieldSource, context);
    const kind = kindOf(field, context);
    if (kind === undefined || (inOr && !OR_KEYS.includes(field))) {
      fail(fieldSource, inOr ? `is not one of ${OR_KEYS.join(', ')}` : 'is not a filter field');
    }
    return fieldCondition(kind, field, value, fieldSource, budget);
  });
  return { kind: 'and', conditions };
}

function checkSearchKeys(filter: { readonly [key: string]: unknown }, source: string): void {
  if (!('search_keys' in filter)) return;
  if ('$or' in filter) fail(joinJsonPath(source, 'search_keys'), 'cannot be combined with $or');
  if (SEARCH_FIELDS.some((field) => field in filter)) {
    fail(joinJsonPath(source, 'search_keys'), 'cannot be combined with key1..key20 filters');
  }
}

/**
 * Checks a find filter and builds the store's condition.
 *
 * @param filter The request's `filter` object.
 * @param context How operands are stored and whether partial matching works.
 * @returns The condition: an `and` of each field's condition (empty: every record).
 * @throws {InputValidationError} The filter breaks a rule: `path` is the JSON path of the
 *   offending part (`filter.$or[1].key2`), the message that path and the rule, never a value
 *   (`filterRuleOf` reads them back).
 */
export function parseFindFilter(
  filter: { readonly [key: string]: unknown },
  context: FilterContext,
): FindCondition {
  checkSearchKeys(filter, 'filter');
  let left = MAX_FILTER_OPERANDS;
  const budget: OperandBudget = {
    take: (count, source) => {
      left -= count;
      if (left < 0) fail(source, `makes the filter hold more than ${MAX_FILTER_OPERANDS} values`);
    },
  };
  return andCondition(filter, 'filter', context, budget, false);
}
