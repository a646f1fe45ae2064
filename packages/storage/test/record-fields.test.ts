import { KEY_FIELDS, RANGE_KEY_FIELDS, SORT_FIELDS } from '@residency/protocol';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  RECORD_FIELD_NAMES,
  RECORD_TO_WIRE_FIELD,
  toRecordField,
  toWireField,
} from '../src/index.ts';
import { toSnakeCase } from '../src/record-fields.ts';

describe('record field names', () => {
  it('maps camelCase to snake_case and back', () => {
    expect(toWireField('recordKey')).toBe('record_key');
    expect(toWireField('precommitBody')).toBe('precommit_body');
    expect(toWireField('serviceKey5')).toBe('service_key5');
    expect(toWireField('rangeKey10')).toBe('range_key10');
    expect(toWireField('key20')).toBe('key20');
    expect(toWireField('expiresAt')).toBe('expires_at');
    expect(toWireField('isEncrypted')).toBe('is_encrypted');
    expectTypeOf(toWireField('rangeKey3')).toEqualTypeOf<'range_key3'>();
    for (const name of RECORD_FIELD_NAMES) expect(toRecordField(toWireField(name))).toBe(name);
    expect(toRecordField('recordKey')).toBeUndefined();
    expect(toRecordField('search_keys')).toBeUndefined();
  });

  it('covers every wire key, range key and sort field', () => {
    expect(RECORD_FIELD_NAMES).toHaveLength(46);
    expect(Object.isFrozen(RECORD_TO_WIRE_FIELD)).toBe(true);
    for (const field of [...KEY_FIELDS, ...RANGE_KEY_FIELDS, ...SORT_FIELDS]) {
      expect(toRecordField(field)).toBeDefined();
    }
    expect(KEY_FIELDS).toHaveLength(28);
    expect(SORT_FIELDS).toHaveLength(33);
  });
});

describe('toSnakeCase', () => {
  it.each([
    ['recordKey', 'record_key'],
    ['serviceKey1', 'service_key1'],
    ['rangeKey10', 'range_key10'],
    ['key7', 'key7'],
    ['precommitBody', 'precommit_body'],
    ['expiresAt', 'expires_at'],
    ['searchKeys', 'search_keys'],
  ])('spells %s as %s', (field, wire) => {
    expect(toSnakeCase(field)).toBe(wire);
  });
});
