// Translates a validated find filter (protocol.md §8.2) into a parameterized SQL condition on
// the records table. Field names come only from FILTER_FIELD_TYPES (an unknown one throws);
// values only ever become `$n` placeholders, each cast to the field's SQL type.
//
// Null semantics, our choice where the protocol leaves it open (§8.2, §13): `not` matches every
// row its inner condition does not match, rows whose field is NULL included. `{$not: v}` is
// `field IS DISTINCT FROM v`; `{$not: [a, b]}` and `{$not: {$gt: n}}` match NULL rows too.
// Equality, lists and ranges never match NULL (SQL's comparisons are unknown on NULL, and
// unknown is not a match).

import { isInt64 } from '@residency/protocol';
import { FILTER_FIELD_TYPES, type FieldSqlType, SEARCH_KEY_FIELDS } from './record-columns.ts';
import type { SqlParameters } from './sql-parameters.ts';
import type { FindCondition } from './types.ts';

const RANGE_OPERATORS = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

/** A backslash escapes `%`, `_` and itself in LIKE patterns (written out for clarity). */
const LIKE_ESCAPE = "ESCAPE '\\'";

/**
 * Builds the SQL of a find condition on the records table (no table alias).
 * @param condition The validated filter tree.
 * @param parameters Where the values go; the returned SQL names them as `$n`.
 * @returns A boolean SQL expression.
 * @throws Error when a field is not filterable, an operator does not apply to the field (a range
 *   on a string field, `like` outside key1..20), or a value has the wrong type for its field; the
 *   message names the field, never the value.
 */
export function conditionToSql(condition: FindCondition, parameters: SqlParameters): string {
  switch (condition.kind) {
    case 'eq':
      return `${condition.field} = ${bind(condition.field, condition.value, parameters)}`;
    case 'in':
      return inToSql(condition.field, condition.values, parameters);
    case 'null':
      return `${checkedField(condition.field)} IS NULL`;
    case 'not':
      // IS NOT TRUE turns "unknown" (a NULL field) into a match: see the null semantics above.
      return `(${conditionToSql(condition.condition, parameters)}) IS NOT TRUE`;
    case 'range':
      return rangeToSql(condition.field, condition.op, condition.value, parameters);
    case 'like':
      return `${searchField(condition.field)} LIKE ${parameters.add(containsPattern(condition.text))} ${LIKE_ESCAPE}`;
    case 'search':
      return searchToSql(condition.text, parameters);
    case 'and':
      return joinConditions(condition.conditions, 'AND', parameters);
    case 'or':
      return joinConditions(condition.conditions, 'OR', parameters);
    default:
      throw new Error('unknown find condition kind');
  }
}

/**
 * Escapes LIKE's wildcards and escape character, so the text matches only itself, anywhere.
 * @param text The substring to find.
 * @returns A LIKE pattern (with the default escape `\`) that matches values containing it.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function fieldType(field: string): FieldSqlType {
  const type = FILTER_FIELD_TYPES.get(field);
  if (type === undefined)
    throw new Error(`find: ${describeField(field)} is not a filterable field`);
  return type;
}

function checkedField(field: string): string {
  fieldType(field);
  return field;
}

function searchField(field: string): string {
  if (!SEARCH_KEY_FIELDS.includes(field as (typeof SEARCH_KEY_FIELDS)[number])) {
    throw new Error(`find: $like applies to key1..key20, not to ${describeField(field)}`);
  }
  return field;
}

function bind(field: string, value: unknown, parameters: SqlParameters): string {
  const type = fieldType(field);
  checkValue(field, type, value);
  return `${parameters.add(value)}::${type}`;
}

function checkValue(field: string, type: FieldSqlType, value: unknown): void {
  const valid =
    type === 'text'
      ? typeof value === 'string'
      : type === 'bigint'
        ? isInt64(value)
        : value instanceof Date && !Number.isNaN(value.getTime());
  if (!valid) throw new Error(`find: a value for ${field} must be of type ${type}`);
}

function inToSql(field: string, values: readonly unknown[], parameters: SqlParameters): string {
  const type = fieldType(field);
  for (const value of values) checkValue(field, type, value);
  if (values.length === 0) return 'false';
  return `${field} = ANY(${parameters.add(values)}::${type}[])`;
}

function rangeToSql(
  field: string,
  op: keyof typeof RANGE_OPERATORS,
  value: unknown,
  parameters: SqlParameters,
): string {
  if (fieldType(field) === 'text') {
    throw new Error(`find: range operators do not apply to ${field}`);
  }
  const operator = RANGE_OPERATORS[op];
  if (operator === undefined) throw new Error('find: unknown range operator');
  return `${field} ${operator} ${bind(field, value, parameters)}`;
}

function searchToSql(text: string, parameters: SqlParameters): string {
  const pattern = parameters.add(containsPattern(text));
  const matches = SEARCH_KEY_FIELDS.map((field) => `${field} LIKE ${pattern} ${LIKE_ESCAPE}`);
  return `(${matches.join(' OR ')})`;
}

function joinConditions(
  conditions: readonly FindCondition[],
  operator: 'AND' | 'OR',
  parameters: SqlParameters,
): string {
  if (conditions.length === 0) return operator === 'AND' ? 'true' : 'false';
  return `(${conditions.map((condition) => conditionToSql(condition, parameters)).join(` ${operator} `)})`;
}

function describeField(field: string): string {
  // A field name is the caller's text: quote it, and keep it short.
  return JSON.stringify(field.slice(0, 40));
}
