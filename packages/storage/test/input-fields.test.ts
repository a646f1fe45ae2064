import { describe, expect, it } from 'vitest';
import {
  camelFieldOf,
  RANGE_KEY_FIELDS,
  SEARCH_KEY_FIELDS,
  SERVICE_KEY_FIELDS,
  SORT_FIELDS,
  STRING_KEY_FIELDS,
  UTILITY_KEY_FIELDS,
} from '../src/input-fields.ts';

describe('field groups', () => {
  it('match protocol.md §5.1', () => {
    expect(UTILITY_KEY_FIELDS).toEqual(['recordKey', 'profileKey', 'parentKey']);
    expect(SERVICE_KEY_FIELDS).toEqual([
      'serviceKey1',
      'serviceKey2',
      'serviceKey3',
      'serviceKey4',
      'serviceKey5',
    ]);
    expect(SEARCH_KEY_FIELDS).toHaveLength(20);
    expect(SEARCH_KEY_FIELDS.at(-1)).toBe('key20');
    expect(RANGE_KEY_FIELDS).toHaveLength(10);
    expect(RANGE_KEY_FIELDS.at(-1)).toBe('rangeKey10');
    expect(STRING_KEY_FIELDS).toHaveLength(28);
    expect(SORT_FIELDS).toHaveLength(33);
    expect(Object.isFrozen(SORT_FIELDS)).toBe(true);
  });
});

describe('camelFieldOf', () => {
  it('finds the field a wire name stands for', () => {
    expect(camelFieldOf('range_key3', RANGE_KEY_FIELDS)).toBe('rangeKey3');
    expect(camelFieldOf('range_key3', SEARCH_KEY_FIELDS)).toBeUndefined();
    expect(camelFieldOf('key3', SEARCH_KEY_FIELDS)).toBeUndefined();
    expect(camelFieldOf('nope_x', STRING_KEY_FIELDS)).toBeUndefined();
  });
});
