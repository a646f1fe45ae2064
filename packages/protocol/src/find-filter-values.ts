// The value forms of one filter field (protocol.md §8.2), checked at the edge with precise
// errors and turned into the store's `FindCondition`: a scalar (equality), a non-empty list
// (membership), null, or an operator object (`$not`, `$like`, `$gt`/`$gte`/`$lt`/`$lte`, ANDed).
// Messages name the rule and the path, never the value.

import { InputValidationError } from '@residency/errors';
import { codePointLength } from './code-points.ts';
import type { FilterCondition as FindCondition } from './filter-condition.ts';
import { INT64_RULE, type Int64, isInt64 } from './int64.ts';
import { joinJsonPath } from './json-path.ts';
import { isPlainObject } from './plain-object.ts';
import { parseWireDate } from './wire-date.ts';

/** The longest list of values one field condition may hold. */
export const MAX_FILTER_LIST = 1000;

/** The longest string operand of a key field, in code points (the longest stored key, §6.3). */
export const MAX_FILTER_STRING = 256;

/** The bounds an integer or date field takes (protocol.md §8.2); `$gt` excludes `$gte`, `$lt` `$lte`. */
export const RANGE_OPERATORS: readonly ['$gt', '$gte', '$lt', '$lte'] = [
  '$gt',
  '$gte',
  '$lt',
  '$lte',
];
type RangeOperator = (typeof RANGE_OPERATORS)[number];

/** A scalar a condition compares with. */
type Scalar = string | Int64 | Date;

/** How the values of one kind of field are checked. */
export interface FieldKind {
  /** Checks and converts one scalar; throws `filterRuleError` naming `source` on failure. */
  readonly scalar: (value: unknown, source: string) => Scalar;
  /** Every form the field takes, for the message when a value fits none. */
  readonly forms: string;
  /** The operators its operator objects take. */
  readonly operators: readonly string[];
  /** Whether `null` (and `$not: null`) is accepted. */
  readonly nullable: boolean;
  /** Checks a `$like` operand (search keys only); throws when `$like` is not allowed. */
  readonly like?: ((value: unknown, source: string) => string) | undefined;
}

/** Counts operands across one filter, so a filter cannot grow into an unbounded query. */
export interface OperandBudget {
  /** Takes `count` operands from the budget; throws `filterRuleError` when it is spent. */
  readonly take: (count: number, source: string) => void;
}

function fail(source: string, detail: string): never {
  throw filterRuleError(source, detail);
}

/**
 * Creates the error of a broken filter rule: an `InputValidationError` whose `path` is the JSON
 * path of the offending part and whose message is that path and the rule, never the value.
 *
 * @param source The JSON path, e.g. `filter.range_key1.$gt`.
 * @param detail The rule, e.g. `cannot combine $gt with $gte`.
 * @returns The error.
 */
export function filterRuleError(source: string, detail: string): InputValidationError {
  return new InputValidationError(`${source} ${detail}`, { path: source });
}

/**
 * Reads back the path and the rule of an error `filterRuleError` made, so the server can put
 * them in an error body's `source` and `detail`.
 *
 * @param error Anything caught.
 * @returns `{ source, detail }`, or `undefined` for any other error.
 */
export function filterRuleOf(error: unknown): { source: string; detail: string } | undefined {
  if (!(error instanceof InputValidationError) || error.path === undefined) return undefined;
  const prefix = `${error.path} `;
  if (!error.message.startsWith(prefix)) return undefined;
  return { source: error.path, detail: error.message.slice(prefix.length) };
}

function operand(
  kind: FieldKind,
  field: string,
  value: unknown,
  source: string,
  budget: OperandBudget,
): FindCondition {
  if (value === null) {
    if (!kind.nullable) fail(source, 'must not be null: the field is never null');
    return { kind: 'null', field };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) fail(source, 'must not be an empty list');
    if (value.length > MAX_FILTER_LIST) fail(source, `must hold at most ${MAX_FILTER_LIST} values`);
    budget.take(value.length, source);
    const values = value.map((item, index) => kind.scalar(item, joinJsonPath(source, index)));
    return { kind: 'in', field, values };
  }
  budget.take(1, source);
  return { kind: 'eq', field, value: kind.scalar(value, source) };
}

function checkBounds(operators: readonly string[], source: string): void {
  // Python refuses two bounds on one side (protocol.md §8.2); its quirk of allowing them when
  // the first bound is 0 is not kept.
  if (operators.includes('$gt') && operators.includes('$gte')) {
    fail(source, 'cannot combine $gt with $gte');
  }
  if (operators.includes('$lt') && operators.includes('$lte')) {
    fail(source, 'cannot combine $lt with $lte');
  }
}

function operatorCondition(
  kind: FieldKind,
  field: string,
  operator: string,
  value: unknown,
  context: { readonly source: string; readonly budget: OperandBudget },
): FindCondition {
  const source = joinJsonPath(context.source, operator);
  if (operator === '$not') {
    return { kind: 'not', condition: operand(kind, field, value, source, context.budget) };
  }
  context.budget.take(1, source);
  if (operator === '$like' && kind.like !== undefined) {
    return { kind: 'like', field, text: kind.like(value, source) };
  }
  const bound = kind.scalar(value, source);
  if (typeof bound === 'string') fail(source, 'is not an operator of this field');
  return { kind: 'range', field, op: operator as RangeOperator, value: bound };
}

function operatorObject(
  kind: FieldKind,
  field: string,
  object: { readonly [key: string]: unknown },
  source: string,
  budget: OperandBudget,
): FindCondition {
  const operators = Object.keys(object);
  if (operators.length === 0) fail(source, 'must not be an empty operator object');
  for (const operator of operators) {
    if (!kind.operators.includes(operator)) {
      const rule = `is not an operator of this field (expected ${kind.operators.join(', ')})`;
      fail(joinJsonPath(source, operator), rule);
    }
  }
  checkBounds(operators, source);
  const conditions = operators.map((operator) =>
    operatorCondition(kind, field, operator, object[operator], { source, budget }),
  );
  return conditions.length === 1 ? (conditions[0] as FindCondition) : { kind: 'and', conditions };
}

/**
 * Checks one field's filter value and builds its condition.
 *
 * @param kind How the field's values are checked.
 * @param field The wire field name.
 * @param value The value from the request.
 * @param source The value's JSON path, e.g. `filter.key1`.
 * @param budget The filter's operand budget.
 * @returns The condition.
 * @throws {InputValidationError} The value breaks a rule (`filterRuleError`).
 */
export function fieldCondition(
  kind: FieldKind,
  field: string,
  value: unknown,
  source: string,
  budget: OperandBudget,
): FindCondition {
  if (isPlainObject(value)) return operatorObject(kind, field, value, source, budget);
  if (value === undefined) fail(source, kind.forms);
  return operand(kind, field, value, source, budget);
}

/**
 * The kind of a string key field.
 *
 * @param options `toStored` converts an operand to its stored form (the SSE hash, or as is);
 *   `like` checks `$like` operands of `key1..20`. Operands are at most 256 characters, as the
 *   stored keys are (a longer one could match nothing).
 * @returns The kind.
 */
export function stringKind(options: {
  readonly toStored: (value: string) => string;
  readonly like?: ((value: unknown, source: string) => string) | undefined;
}): FieldKind {
  const operators = options.like === undefined ? ['$not'] : ['$not', '$like'];
  const forms = `must be a string, a non-empty list of strings, null, or an object of ${operators.join(', ')}`;
  return {
    scalar: (value, source) => {
      if (typeof value !== 'string') fail(source, forms);
      if (codePointLength(value) > MAX_FILTER_STRING) {
        fail(source, `must be a string of at most ${MAX_FILTER_STRING} characters`);
      }
      return options.toStored(value);
    },
    forms,
    operators,
    nullable: true,
    like: options.like,
  };
}

const INT_FORMS =
  'must be an integer, a non-empty list of integers, null, or an object of $not, $gt, $gte, $lt, $lte';

/**
 * The kind of `range_key1..10` and `version`: signed 64-bit integers (protocol.md §5.1), a bigint
 * where the body's literal is past ±(2^53 − 1) (`readJsonBody` reads it exactly).
 */
export const INT_KIND: FieldKind = {
  scalar: (value, source) => {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) fail(source, INT64_RULE);
    if (typeof value === 'bigint' && !isInt64(value)) fail(source, INT64_RULE);
    if (!isInt64(value)) fail(source, INT_FORMS);
    return value;
  },
  forms: INT_FORMS,
  operators: ['$not', ...RANGE_OPERATORS],
  nullable: true,
};

function dateKind(nullable: boolean): FieldKind {
  const nullForm = nullable ? ' null,' : '';
  const forms = `must be an ISO-8601 date-time with an offset, a non-empty list of them,${nullForm} or an object of $not, $gt, $gte, $lt, $lte`;
  return {
    scalar: (value, source) => {
      const date =
        typeof value === 'string' ? parseWireDate(value, { requireOffset: true }) : undefined;
      return date ?? fail(source, forms);
    },
    forms,
    operators: ['$not', ...RANGE_OPERATORS],
    nullable,
  };
}

/** The kind of `expires_at` (nullable). */
export const NULLABLE_DATE_KIND: FieldKind = dateKind(true);

/** The kind of `created_at` and `updated_at` (never null). */
export const DATE_KIND: FieldKind = dateKind(false);
