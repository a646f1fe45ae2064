import type * as v from 'valibot';

/**
 * Makes the message of a `v.strictObject` of options. valibot reports the object, a missing
 * key and an unknown key with the object schema's own message; the issue tells them apart.
 *
 * @param whole What the options must be, e.g. `must be an object of options`.
 * @returns A message function for `v.strictObject`.
 */
export function optionsMessage(whole: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => {
    if (issue.path === undefined) return whole;
    return issue.expected === 'never' ? 'is not an option' : 'is required';
  };
}
