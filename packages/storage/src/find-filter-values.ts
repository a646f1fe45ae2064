// The value forms of one filter field (protocol.md §8.2): a scalar, a non-empty list, null, or
// an operator object. Each field kind says which scalars and operators it takes; string scalars
// go through the caller's hash function on the way out, dates become ISO strings.

import {
  codePointLength,
  INT64_RULE,
  type Int64,
  isInt64,
  isPlainObject,
  RANGE_OPERATORS,
  wellFormedText,
} from '@residency/protocol';
import * as v from 'valibot';
import { DateInputSchema } from './date-input.ts';
import { MAX_PLAIN_KEY_LENGTH } from './input-context.ts';
import { inputError, joinPath, parseInput } from './input-issues.ts';
import { definedEntries } from './plain-object.ts';

/** A filter value as sent: a scalar, a list, null, or an operator object. */
export type WireFilterValue =
  | string
  | Int64
  | null
  | readonly (string | Int64)[]
  | Readonly<Record<string, string | Int64 | null | readonly (string | Int64)[]>>;

/** How the values of one field kind are checked and converted. */
interface ValueKind {
  /** Tells whether a value has the type of a scalar of this kind (before its finer rules). */
  readonly isScalar: (value: unknown) => boolean;
  /** Checks one scalar and converts it for the wire (hash, ISO string); throws on failure. */
  readonly scalar: (value: unknown, path: string) => string | Int64;
  /** Every form the field takes, for the message when the value fits none. */
  readonly forms: string;
  /** The operators of an operator object. */
  readonly operators: readonly string[];
  /** Whether `null` (and `{ $not: null }`) is accepted. */
  readonly nullable: boolean;
  /** The schema of a `$like` operand, for the kinds that take `$like`. */
  readonly likeSchema?: v.GenericSchema<string>;
}

function stringSchema(maxLength: number | undefined): v.GenericSchema<string> {
  if (maxLength === undefined) return v.pipe(v.string('must be a string'), wellFormedText());
  const rule = `must be a string of at most ${maxLength} characters`;
  return v.pipe(
    v.string(rule),
    v.check((text) => codePointLength(text) <= maxLength, rule),
    wellFormedText(),
  );
}

const BoundedStringSchema = stringSchema(MAX_PLAIN_KEY_LENGTH);
const StringSchema = stringSchema(undefined);

/** What a string key's values need: the hash (or `undefined` to send them as given) and limit. */
export interface StringKindOptions {
  /** Converts a checked value for the wire; `undefined` sends it unchanged (`$like`). */
  readonly hash: ((value: string) => string) | undefined;
  /** `true` when the field is stored in plain text, so its values hold at most 256 characters. */
  readonly bounded: boolean;
  /** `true` for `key1`..`key20`, which also take `$like`. */
  readonly like: boolean;
}

function stringKind(options: StringKindOptions): ValueKind {
  const schema = options.bounded ? BoundedStringSchema : StringSchema;
  const operators = options.like ? ['$not', '$like'] : ['$not'];
  return {
    isScalar: (value) => typeof value === 'string',
    scalar: (value, path) => {
      const text = parseInput(schema, value, path);
      return options.hash === undefined ? text : options.hash(text);
    },
    forms: `must be a string, a non-empty list of strings, null, or an object of ${operators.join(', ')}`,
    operators,
    nullable: true,
    likeSchema: schema,
  };
}

// Range keys are signed 64-bit integers (protocol.md §5.1): a bigint past the safe range goes on
// the wire as its bare digits. `version` shares the kind: its column is a bigint too.
const IntSchema = v.custom<Int64>(isInt64, INT64_RULE);

const INT_KIND: ValueKind = {
  isScalar: (value) => typeof value === 'number' || typeof value === 'bigint',
  scalar: (value, path) => parseInput(IntSchema, value, path),
  forms:
    'must be an integer, a non-empty list of integers, null, or an object of $not, $gt, $gte, $lt, $lte',
  operators: ['$not', ...RANGE_OPERATORS],
  nullable: true,
};

function dateKind(nullable: boolean): ValueKind {
  const nullForm = nullable ? ' null,' : '';
  return {
    isScalar: (value) => value instanceof Date || typeof value === 'string',
    scalar: (value, path) => parseInput(DateInputSchema, value, path).toISOString(),
    forms: `must be a Date or ISO 8601 string, a non-empty list of them,${nullForm} or an object of $not, $gt, $gte, $lt, $lte`,
    operators: ['$not', ...RANGE_OPERATORS],
    nullable,
  };
}

const NULLABLE_DATE_KIND = dateKind(true);
const DATE_KIND = dateKind(false);

/** A scalar, a non-empty list of scalars, or null: the value of a field or of `$not`. */
function buildOperand(kind: ValueKind, value: unknown, path: string): WireFilterValue {
  if (value === null) {
    if (!kind.nullable) throw inputError(path, 'must not be null: the field is never null');
    return null;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw inputError(path, 'must not be an empty list');
    return value.map((item, index) => kind.scalar(item, joinPath(path, index)));
  }
  return kind.scalar(value, path);
}

function buildOperators(
  kind: ValueKind,
  object: Record<string, unknown>,
  path: string,
): WireFilterValue {
  const entries = definedEntries(object);
  if (entries.length === 0) throw inputError(path, 'must not be an empty operator object');
  for (const [operator] of entries) {
    if (!kind.operators.includes(operator)) {
      const rule = `is not an operator of this field (expected ${kind.operators.join(', ')})`;
      throw inputError(joinPath(path, operator), rule);
    }
  }
  checkBounds(new Set(entries.map(([operator]) => operator)), path);
  const wire = entries.map(([operator, operand]) => {
    const operandPath = joinPath(path, operator);
    if (operator === '$not') return [operator, buildOperand(kind, operand, operandPath)];
    if (operator === '$like' && kind.likeSchema !== undefined) {
      return [operator, parseInput(kind.likeSchema, operand, operandPath)];
    }
    return [operator, kind.scalar(operand, operandPath)];
  });
  return Object.fromEntries(wire);
}

/** Python refuses two bounds on one side (protocol.md §8.2); its quirk of allowing them when the
 * first bound is 0 is not kept. */
function checkBounds(operators: ReadonlySet<string>, path: string): void {
  if (operators.has('$gt') && operators.has('$gte')) {
    throw inputError(path, 'cannot combine $gt with $gte');
  }
  if (operators.has('$lt') && operators.has('$lte')) {
    throw inputError(path, 'cannot combine $lt with $lte');
  }
}

function buildValue(kind: ValueKind, value: unknown, path: string): WireFilterValue {
  if (isPlainObject(value)) return buildOperators(kind, value, path);
  if (value !== null && !Array.isArray(value) && !kind.isScalar(value)) {
    throw inputError(path, kind.forms);
  }
  return buildOperand(kind, value, path);
}

/**
 * Checks and converts the filter value of a string key (`recordKey`, `profileKey`, `parentKey`,
 * `serviceKey1`..`5`, `key1`..`20`): a string, a non-empty list of strings, null, or
 * `{ $not: string | list | null }`; `key1`..`20` also take `{ $like: string }`. Every string is
 * hashed, except in an object holding `$like`, which is sent entirely as given (protocol.md §8.2).
 *
 * @param value The caller's value.
 * @param path The field's path, e.g. `filter.key1`.
 * @param options The hash, the length limit and whether `$like` is allowed.
 * @returns The wire value.
 * @throws {InputValidationError} The value fits no form; `path` names the offending part.
 */
export function buildStringFilterValue(
  value: unknown,
  path: string,
  options: StringKindOptions,
): WireFilterValue {
  const like = options.like && isPlainObject(value) && value.$like !== undefined;
  return buildValue(stringKind(like ? { ...options, hash: undefined } : options), value, path);
}

/**
 * Checks the filter value of an integer field (`rangeKey1`..`10`, `version`): an integer (a
 * safe-integer number, or a bigint from −2^63 to 2^63 − 1), a non-empty list, null, or an object of `$not` (integer, list or null) and the bounds `$gt`,
 * `$gte`, `$lt`, `$lte` (integers; not `$gt` with `$gte`, nor `$lt` with `$lte`).
 *
 * @param value The caller's value.
 * @param path The field's path, e.g. `filter.rangeKey1`.
 * @returns The wire value (the same numbers and bigints).
 * @throws {InputValidationError} The value fits no form; `path` names the offending part.
 */
export function buildIntFilterValue(value: unknown, path: string): WireFilterValue {
  return buildValue(INT_KIND, value, path);
}

/**
 * Checks and converts the filter value of a date field: a `Date` or ISO 8601 string, a non-empty
 * list of them, null (`expiresAt` only), or an object of `$not` and the bounds, as for integers.
 * Dates are sent as `Date.toISOString()`.
 *
 * @param value The caller's value.
 * @param path The field's path, e.g. `filter.expiresAt`.
 * @param nullable `true` for `expiresAt`; `createdAt` and `updatedAt` are never null.
 * @returns The wire value.
 * @throws {InputValidationError} The value fits no form; `path` names the offending part.
 */
export function buildDateFilterValue(
  value: unknown,
  path: string,
  nullable: boolean,
): WireFilterValue {
  return buildValue(nullable ? NULLABLE_DATE_KIND : DATE_KIND, value, path);
}
