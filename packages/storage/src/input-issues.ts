// Turns failed input checks into `InputValidationError`s. Only two things reach a message: the
// field path and the rule text our schemas set on every schema and action. valibot's default
// messages quote the received value (`_addIssue` → `_stringify`), which here may be a record key,
// a body or a filter value, so every schema of this package sets its own message, and issues are
// never attached to the error (their `input`, `received` and path `value`s hold the data too).

import { InputValidationError } from '@residency/errors';
import { describeIssues, issuePath } from '@residency/protocol';
import * as v from 'valibot';

/**
 * Joins a field path and a key the way `v.getDotPath` does (`records.2.key1`).
 *
 * @param prefix The path so far; the empty string for the root.
 * @param key The property name or list index below it.
 * @returns The dotted path.
 */
export function joinPath(prefix: string, key: string | number): string {
  return prefix === '' ? String(key) : `${prefix}.${key}`;
}

/**
 * Creates the error for one broken rule.
 *
 * @param path The dotted path of the offending field, e.g. `filter.key1.$not`.
 * @param rule What the field must be, e.g. `must be a string`; never the received value.
 * @returns The error, message `<path> <rule>`, `path` set.
 */
export function inputError(path: string, rule: string): InputValidationError {
  return new InputValidationError(`${path} ${rule}`, { path });
}

/**
 * Converts the issues of a failed `v.safeParse` into one error: the message lists up to three
 * `<path> <rule>` pairs (`describeIssues` of `@residency/protocol`), `path` is the first issue's.
 *
 * @param issues The issues; each message must be one of ours (never valibot's default).
 * @param prefix Prepended to every issue path, e.g. `record` or `records`; names the value
 *   itself for issues without a path.
 * @returns The error.
 */
export function issuesToError(
  issues: readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]],
  prefix: string,
): InputValidationError {
  const labels = { root: prefix, prefix };
  return new InputValidationError(describeIssues(issues, labels), {
    path: issuePath(issues[0], labels),
  });
}

/**
 * Parses a value with a schema whose every message is ours, throwing our error on failure.
 *
 * @param schema The valibot schema.
 * @param input The caller's value.
 * @param prefix The name of the value, prepended to issue paths (e.g. `record`).
 * @returns The schema's output.
 * @throws {InputValidationError} The value breaks a rule; the message names the field.
 */
export function parseInput<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  prefix: string,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw issuesToError(result.issues, prefix);
}

/**
 * Makes the message of a strict object schema. valibot reports a wrong type, a missing key and
 * an unknown key with the object schema's own message; this tells them apart.
 *
 * @param shape What the value must be, e.g. `an object of record fields`.
 * @param unknownRule The rule for an unknown key, given its name, e.g. `is not a record field`.
 * @returns A message function for `v.strictObject`.
 */
export function strictObjectMessage(
  shape: string,
  unknownRule: (key: string) => string,
): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => {
    const last = issue.path?.at(-1);
    if (last === undefined) return `must be ${shape}`;
    return issue.expected === 'never' ? unknownRule(String(last.key)) : 'is required';
  };
}
