import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { describeIssues, issuePath, MAX_LISTED_ISSUES } from '../src/index.ts';

const Schema = v.object({
  list: v.array(v.string('must be a string'), 'must be a list'),
});

function issuesOf(input: unknown): v.BaseIssue<unknown>[] {
  const result = v.safeParse(Schema, input, { abortEarly: false });
  expect(result.success).toBe(false);
  return result.issues ?? [];
}

describe('describeIssues', () => {
  it('lists three `path rule` pairs, then how many more, under a prefix', () => {
    const issues = issuesOf({ list: [1, 2, 3, 4, 5] });
    expect(MAX_LISTED_ISSUES).toBe(3);
    expect(describeIssues(issues, { prefix: 'options' })).toBe(
      'options.list.0 must be a string; options.list.1 must be a string; ' +
        'options.list.2 must be a string; and 2 more',
    );
  });

  it('names the root for an issue without a path, and shows paths and reasons as told', () => {
    const issues = issuesOf('SECRET-VALUE');
    expect(describeIssues(issues)).toMatch(/^body /);
    const worded = describeIssues(issuesOf({ list: [1] }), {
      label: (path) => `${path}:`,
      reason: (issue) => `expected ${issue.expected}`,
    });
    expect(worded).toBe('list.0: expected string');
    expect(describeIssues(issues, { reason: () => 'is wrong' })).not.toContain('SECRET-VALUE');
  });
});

describe('issuePath', () => {
  it('joins the dot path under the prefix, or gives the root', () => {
    const [issue] = issuesOf({ list: [1] });
    expect(issue && issuePath(issue, { prefix: 'record' })).toBe('record.list.0');
    const [rootIssue] = issuesOf(7);
    expect(rootIssue && issuePath(rootIssue, { root: 'record' })).toBe('record');
  });
});
