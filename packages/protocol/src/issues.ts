// Turns valibot issues into one line of text, for the client's errors and the server's answers.
// Only two things reach it: the field path and the issue's message, which every schema of ours
// sets. valibot's default messages quote the received value (`_addIssue` → `_stringify`), and a
// value may be a body, a key, a secret or a token (style.md §10), so a caller whose schema may
// carry default messages passes `reason` to say something else.

import * as v from 'valibot';

/** How many issues `describeIssues` lists before it says "and N more". */
export const MAX_LISTED_ISSUES = 3;

/** How `describeIssues` names fields and reasons. */
export interface DescribeIssuesOptions {
  /** Names the value itself, for an issue without a path; default `body`. */
  readonly root?: string;
  /** Prepended to every field path (`records` → `records.0.key1`); default none. */
  readonly prefix?: string;
  /** Shows a field path, e.g. with where its value came from; default the path itself. */
  readonly label?: (path: string) => string;
  /** The reason an issue gives; default its message (which must be one of ours). */
  readonly reason?: (issue: v.BaseIssue<unknown>) => string;
}

/**
 * Names the field of an issue as `v.getDotPath` does, under a prefix.
 *
 * @param issue One issue of a failed `v.safeParse`.
 * @param options `root` for an issue without a path, `prefix` for the others.
 * @returns e.g. `records.0.range_key1`, or the root.
 */
export function issuePath(
  issue: v.BaseIssue<unknown>,
  options: Pick<DescribeIssuesOptions, 'root' | 'prefix'> = {},
): string {
  const path = v.getDotPath(issue);
  if (path === null || path === '') return options.root ?? 'body';
  return options.prefix === undefined || options.prefix === '' ? path : `${options.prefix}.${path}`;
}

/**
 * Describes the issues of a failed parse as `path rule; path rule`, never quoting a value: up to
 * three, then `; and N more`.
 *
 * @param issues The issues of a failed `v.safeParse`.
 * @param options How to name the root, prefix the paths, show a path and word the reason.
 * @returns One line naming each offending field and the rule it breaks, e.g.
 *   `records.0.range_key1 must be a safe integer or null`.
 * @example
 * ```ts
 * const result = v.safeParse(BatchWriteRequestSchema, await request.json());
 * if (!result.success) return badRequest(describeIssues(result.issues));
 * ```
 */
export function describeIssues(
  issues: readonly v.BaseIssue<unknown>[],
  options: DescribeIssuesOptions = {},
): string {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const path = issuePath(issue, options);
    const reason = options.reason === undefined ? issue.message : options.reason(issue);
    return `${options.label === undefined ? path : options.label(path)} ${reason}`;
  });
  const rest = issues.length - listed.length;
  return rest > 0 ? `${listed.join('; ')}; and ${rest} more` : listed.join('; ');
}
