import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { describeIssues, objectMessage, pathTo } from '../src/issues.ts';

const Schema = v.object(
  { list: v.array(v.object({ name: v.string('must be a string') }, objectMessage('an item'))) },
  objectMessage('a holder'),
);

function issuesOf(input: unknown): v.BaseIssue<unknown>[] {
  const result = v.safeParse(Schema, input);
  if (result.success) throw new Error('expected issues');
  return result.issues;
}

describe('describeIssues', () => {
  it('names the root when an issue has no path', () => {
    expect(describeIssues(issuesOf(5), { root: 'the holder' })).toBe('the holder must be a holder');
  });

  it('joins dot paths and rules, with an optional prefix', () => {
    const issues = issuesOf({ list: [{ name: 1 }, 2, {}] });
    expect(describeIssues(issues, { root: 'x' })).toBe(
      'list.0.name must be a string; list.1 must be an item; list.2.name is required',
    );
    expect(describeIssues(issues, { prefix: 'options', root: 'options' })).toBe(
      'options.list.0.name must be a string; options.list.1 must be an item; ' +
        'options.list.2.name is required',
    );
  });
});

describe('pathTo', () => {
  it('builds a path getDotPath reads back', () => {
    const input = { list: [{ name: 'a' }, { name: 'b' }] };
    const path = pathTo(input, ['list', 1, 'name']);
    expect(path.map((item) => item.key)).toEqual(['list', 1, 'name']);
    expect(path[2]?.value).toBe('b');
    const issue = { path } as unknown as v.BaseIssue<unknown>;
    expect(v.getDotPath(issue)).toBe('list.1.name');
  });
});
