import { describeIssues as describeProtocolIssues } from '@residency/protocol';
import type * as v from 'valibot';

/**
 * Describes valibot issues as `path: reason` without ever quoting the received value
 * (valibot's own messages do, and a response may hold ciphertext, an option a secret), with
 * `@residency/protocol`'s `describeIssues` (up to three, then "and N more"). A schema that is not
 * ours may carry valibot's default messages, so unless told otherwise only the issue kind and
 * the expectation are used.
 *
 * @param issues The issues of a failed `safeParse`.
 * @param ownMessages `true` when every validation action of the schema carries a message of
 *   ours (option schemas); otherwise only the issue kind and the expectation are used.
 * @returns A one-line description.
 */
export function describeIssues(
  issues: readonly v.BaseIssue<unknown>[],
  ownMessages = false,
): string {
  return describeProtocolIssues(issues, {
    root: '(root)',
    label: (path) => `${path}:`,
    reason: (issue) => reasonOf(issue, ownMessages),
  });
}

function reasonOf(issue: v.BaseIssue<unknown>, ownMessages: boolean): string {
  // A schema issue's `expected` comes from the schema, never from the input.
  if (issue.kind === 'schema') {
    // `received` is only compared, never printed: it stringifies the input.
    return issue.received === 'undefined' ? 'missing' : `expected ${issue.expected ?? issue.type}`;
  }
  return ownMessages ? issue.message : `failed the ${issue.type} check`;
}
