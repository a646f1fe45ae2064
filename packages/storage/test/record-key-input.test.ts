import { InputValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  MAX_BATCH_DELETE_KEYS,
  parseRecordKey,
  parseRecordKeys,
  recordKeySchema,
} from '../src/record-key-input.ts';

function rejectionOf(action: () => unknown): InputValidationError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    return error as InputValidationError;
  }
  throw new Error('expected an InputValidationError');
}

describe('parseRecordKey', () => {
  it('accepts any non-empty string, SSE characters included', () => {
    expect(parseRecordKey('a/b#c?d\n')).toBe('a/b#c?d\n');
    expect(parseRecordKey('x'.repeat(1000))).toHaveLength(1000);
  });

  it.each([[''], [null], [undefined], [1], [['k']]])('rejects %j', (key) => {
    const error = rejectionOf(() => parseRecordKey(key));
    expect(error.path).toBe('recordKey');
    expect(error.message).toBe('recordKey must be a non-empty string');
  });

  it('names the argument as told', () => {
    expect(rejectionOf(() => parseRecordKey('', 'key')).path).toBe('key');
  });
});

describe('recordKeySchema', () => {
  it('adds the SSE limits only in SSE mode', () => {
    const sse = recordKeySchema({ encryption: 'SSE' });
    expect(v.safeParse(sse, 'k'.repeat(128)).success).toBe(true);
    expect(v.safeParse(sse, 'k'.repeat(129)).success).toBe(false);
    expect(v.safeParse(sse, 'a?b').success).toBe(false);
    expect(v.safeParse(recordKeySchema({ encryption: 'LOCAL' }), 'a?b').success).toBe(true);
    expect(v.safeParse(recordKeySchema({ encryption: 'OFF' }), '').success).toBe(false);
  });
});

describe('parseRecordKeys', () => {
  it('accepts 1 to 100 keys', () => {
    expect(parseRecordKeys(['a'])).toEqual(['a']);
    const keys = Array.from({ length: MAX_BATCH_DELETE_KEYS }, (_, index) => `k${index}`);
    expect(parseRecordKeys(keys)).toEqual(keys);
  });

  it.each<[string, unknown, string]>([
    ['not a list', 'a', 'recordKeys'],
    ['an empty list', [], 'recordKeys'],
    ['101 keys', Array.from({ length: 101 }, () => 'k'), 'recordKeys'],
    ['an empty key', ['a', ''], 'recordKeys.1'],
    ['a non-string key', ['a', 'b', 3], 'recordKeys.2'],
  ])('rejects %s', (_name, keys, path) => {
    expect(rejectionOf(() => parseRecordKeys(keys)).path).toBe(path);
  });
});
