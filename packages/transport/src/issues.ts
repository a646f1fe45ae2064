import * as v from 'valibot';

/** How many issues a message lists before it says "and N more". */
const MAX_LISTED = 3;

/**
 * Describes valibot issues as `path: reason` without ever quoting the received value
 * (valibot's own messages do, and a response may hold ciphertext, an option a secret).
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
  const listed = issues.slice(0, MAX_LISTED).map((issue) => {
    const path = v.getDotPath(issue) ?? '(root)';
    return `${path}: ${reasonOf(issue, ownMessages)}`;
  });
  const rest = issues.length - listed.length;
  return rest > 0 ? `${listed.join('; ')}; and ${rest} more` : listed.join('; ');
}

function reasonOf(issue: v.BaseIssue<unknown>, ownMessages: boolean): string {
  // A schema issue's `expected` comes from the schema, never from the input.
  if (issue.kind === 'schema') {
    // `received` is only compared, never printed: it stringifies the input.
    return issue.received === 'undefined' ? 'missing' : `expected ${issue.expected ?? issue.type}`;
  }
  return ownMessages ? issue.message : `failed the ${issue.type} check`;
}
