// Request bodies are checked with the wire schemas of `@residency/protocol`, whose messages
// name the rule and never quote the value; each valibot issue becomes one error entry whose
// source is a JSON path in the style of `records[0].range_key1`.

import { joinJsonPath } from '@residency/protocol';
import * as v from 'valibot';
import { ApiError, type Problem } from './api-error.ts';

/** How many issues one error answer lists; the rest are summed up in a last entry. */
const MAX_LISTED_ISSUES = 10;

function issueSource(issue: v.BaseIssue<unknown>, root: string): string {
  // The body's own fields are named bare (`records[0]`), anything else under its root.
  let path = root === 'body' ? '' : root;
  for (const item of issue.path ?? []) {
    const key = item.key;
    path = joinJsonPath(path, typeof key === 'number' ? key : String(key));
  }
  return path === '' ? root : path;
}

/**
 * Turns the issues of a failed parse into error-body problems, one per issue.
 *
 * @param issues The issues of a failed `v.safeParse` (messages must never quote values, as
 *   those of `@residency/protocol` and of this server's schemas do not).
 * @param root The source of issues without a path; `body` for the request body.
 * @returns The problems, at most ten and a summary entry for the rest.
 */
function issueProblems(issues: readonly v.BaseIssue<unknown>[], root = 'body'): Problem[] {
  const problems = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => ({ source: issueSource(issue, root), detail: issue.message }));
  const rest = issues.length - problems.length;
  if (rest > 0) problems.push({ source: root, detail: `and ${rest} more problems` });
  return problems;
}

/**
 * Checks a value with a schema and answers 400 with one entry per issue when it fails.
 *
 * @param schema The schema, e.g. `BatchWriteRequestSchema`.
 * @param value The parsed JSON.
 * @param root How to name the value in sources; default `body`.
 * @returns The schema's output.
 * @throws {ApiError} 400 listing the issues.
 */
export function validateBody<TInput, TOutput>(
  schema: v.GenericSchema<TInput, TOutput>,
  value: unknown,
  root = 'body',
): TOutput {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new ApiError(400, issueProblems(result.issues, root));
  return result.output;
}
