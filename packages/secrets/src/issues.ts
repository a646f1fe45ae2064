// Turns valibot issues into our error text. Only two things reach a message: the field path
// (`v.getDotPath`) and the rule text our schemas set on every schema and action. valibot's
// default messages quote the received value (`_addIssue` → `_stringify`), which for secrets data
// is the secret itself, so every schema in this package sets its own message, and issues are
// never attached to an error (their `input`, `received` and path `value`s hold the data too).

import * as v from 'valibot';

/** Where a list of issues sits, for naming each issue's field. */
export interface IssueLabels {
  /** Prepended to every field path, e.g. `customEncryptionConfigs`; none when omitted. */
  readonly prefix?: string;
  /** Names the validated value itself, for issues without a path (e.g. `secrets data`). */
  readonly root: string;
}

/**
 * Describes valibot issues as `field rule; field rule`, never quoting a received value.
 *
 * @param issues The issues of a failed `v.safeParse`.
 * @param labels How to name the root and prefix the paths.
 * @returns One line naming each offending field and the rule it breaks.
 */
export function describeIssues(
  issues: readonly v.BaseIssue<unknown>[],
  labels: IssueLabels,
): string {
  return issues.map((issue) => `${fieldOf(issue, labels)} ${issue.message}`).join('; ');
}

function fieldOf(issue: v.BaseIssue<unknown>, labels: IssueLabels): string {
  const path = v.getDotPath(issue);
  if (path === null || path === '') return labels.root;
  return labels.prefix === undefined ? path : `${labels.prefix}.${path}`;
}

/**
 * Makes the message of an object schema. valibot reports a missing key with the object schema's
 * own message, so one message has to serve both cases; a missing key is the issue with a path.
 *
 * @param shape What the value must be, e.g. `an object with secret and version`.
 * @returns A message function for `v.object`.
 */
export function objectMessage(shape: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => (issue.path === undefined ? `must be ${shape}` : 'is required');
}

/**
 * Builds the issue path to a nested field, for issues a `v.rawCheck` adds below its input.
 *
 * @param input The value the raw check validates.
 * @param keys The keys from `input` down to the field, e.g. `['secrets', 2, 'version']`.
 * @returns A path `v.getDotPath` turns into `secrets.2.version`.
 */
export function pathTo(
  input: unknown,
  keys: readonly [string | number, ...(string | number)[]],
): [v.IssuePathItem, ...v.IssuePathItem[]] {
  let current = input;
  const items = keys.map((key): v.IssuePathItem => {
    const value = (current as Record<string | number, unknown>)[key];
    const item: v.IssuePathItem = { type: 'unknown', origin: 'value', input: current, key, value };
    current = value;
    return item;
  });
  return items as [v.IssuePathItem, ...v.IssuePathItem[]];
}
