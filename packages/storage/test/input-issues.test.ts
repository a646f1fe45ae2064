import { InputValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  inputError,
  issuesToError,
  joinPath,
  parseInput,
  strictObjectMessage,
} from '../src/input-issues.ts';

const Schema = v.strictObject(
  { list: v.optional(v.array(v.string('must be a string'), 'must be a list')) },
  strictObjectMessage('a holder', (key) => `is not known (${key.length} letters)`),
);

function issuesOf(input: unknown): [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]] {
  const result = v.safeParse(Schema, input);
  if (result.success) throw new Error('expected issues');
  return result.issues;
}

describe('joinPath', () => {
  it('joins dotted paths and starts at the root', () => {
    expect(joinPath('', 'a')).toBe('a');
    expect(joinPath('a', 0)).toBe('a.0');
    expect(joinPath('a.0', '$not')).toBe('a.0.$not');
  });
});

describe('inputError', () => {
  it('names the field in the message and in path', () => {
    const error = inputError('filter.key1', 'must be a string');
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toBe('filter.key1 must be a string');
    expect(error.path).toBe('filter.key1');
    expect(error.cause).toBeUndefined();
  });
});

describe('issuesToError and strictObjectMessage', () => {
  it('names the root for issues without a path', () => {
    const error = issuesToError(issuesOf(5), 'holder');
    expect(error.message).toBe('holder must be a holder');
    expect(error.path).toBe('holder');
  });

  it('tells unknown keys from missing ones and lists at most three issues', () => {
    const error = issuesToError(issuesOf({ list: [1, 'a', 2, 3, 4], extra: 'secret-value' }), 'x');
    expect(error.path).toBe('x.list.0');
    expect(error.message).toBe(
      'x.list.0 must be a string; x.list.2 must be a string; x.list.3 must be a string; and 2 more',
    );
    expect(issuesToError(issuesOf({ extra: 1 }), 'x').message).toBe(
      'x.extra is not known (5 letters)',
    );
  });

  it('reports a missing key as required', () => {
    const Required = v.strictObject(
      { a: v.string('s') },
      strictObjectMessage('h', () => 'u'),
    );
    const result = v.safeParse(Required, {});
    expect(result.success).toBe(false);
    if (!result.success) expect(issuesToError(result.issues, '').message).toBe('a is required');
  });

  it('uses bare paths under an empty prefix', () => {
    expect(issuesToError(issuesOf({ list: [1] }), '').path).toBe('list.0');
  });
});

describe('parseInput', () => {
  it('returns the output or throws our error', () => {
    expect(parseInput(Schema, { list: ['a'] }, 'x')).toEqual({ list: ['a'] });
    expect(() => parseInput(Schema, { list: 'a' }, 'x')).toThrow(
      expect.objectContaining({ name: 'InputValidationError', path: 'x.list' }),
    );
  });
});
