import { InputValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import {
  buildDateFilterValue,
  buildIntFilterValue,
  buildStringFilterValue,
} from '../src/find-filter-values.ts';

const hash = (value: string): string => `#${value}`;

describe('buildStringFilterValue', () => {
  it('hashes scalars, list items and $not operands', () => {
    const options = { hash, bounded: false, like: false };
    expect(buildStringFilterValue('a', 'f', options)).toBe('#a');
    expect(buildStringFilterValue(['a', 'b'], 'f', options)).toEqual(['#a', '#b']);
    expect(buildStringFilterValue({ $not: 'a' }, 'f', options)).toEqual({ $not: '#a' });
    expect(buildStringFilterValue(null, 'f', options)).toBeNull();
  });

  it('sends a $like object as given, and only where $like is allowed', () => {
    const like = { hash, bounded: true, like: true };
    expect(buildStringFilterValue({ $like: 'a', $not: 'b' }, 'f', like)).toEqual({
      $like: 'a',
      $not: 'b',
    });
    expect(() => buildStringFilterValue({ $like: 'a' }, 'f', { ...like, like: false })).toThrow(
      expect.objectContaining({ path: 'f.$like' }),
    );
  });

  it('bounds plain values to 256 characters', () => {
    const options = { hash, bounded: true, like: true };
    expect(() => buildStringFilterValue('x'.repeat(257), 'f', options)).toThrow(
      InputValidationError,
    );
    expect(() => buildStringFilterValue({ $like: 'x'.repeat(257) }, 'f', options)).toThrow(
      'f.$like must be a string of at most 256 characters',
    );
  });
});

describe('buildIntFilterValue', () => {
  it('keeps numbers and operators', () => {
    expect(buildIntFilterValue(3, 'f')).toBe(3);
    expect(buildIntFilterValue({ $gte: 1, $lt: 5, $not: [2] }, 'f')).toEqual({
      $gte: 1,
      $lt: 5,
      $not: [2],
    });
  });

  it('refuses combined bounds on one side', () => {
    expect(() => buildIntFilterValue({ $lt: 1, $lte: 1 }, 'f')).toThrow(
      'f cannot combine $lt with $lte',
    );
  });
});

describe('buildDateFilterValue', () => {
  it('sends ISO strings and takes null only when nullable', () => {
    expect(buildDateFilterValue('2021-08-11', 'f', true)).toBe('2021-08-11T00:00:00.000Z');
    expect(buildDateFilterValue(null, 'f', true)).toBeNull();
    expect(() => buildDateFilterValue(null, 'f', false)).toThrow(
      expect.objectContaining({ path: 'f' }),
    );
    expect(() => buildDateFilterValue([null], 'f', true)).toThrow(
      expect.objectContaining({ path: 'f.0' }),
    );
  });
});
