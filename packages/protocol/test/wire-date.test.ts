import { describe, expect, it } from 'vitest';
import { isWireDate, parseWireDate } from '../src/index.ts';

describe('parseWireDate', () => {
  it.each([
    ['2021-08-11T12:36:52.607Z', '2021-08-11T12:36:52.607Z'],
    ['2021-08-11T12:36:52.607534+00:00', '2021-08-11T12:36:52.607Z'],
    ['2021-08-11T12:36:52+00:00', '2021-08-11T12:36:52.000Z'],
    ['2021-08-11T14:36:52.6+02:00', '2021-08-11T12:36:52.600Z'],
    ['2021-08-11T07:06:52.123456789-05:30', '2021-08-11T12:36:52.123Z'],
    ['2021-08-11T12:36:52', '2021-08-11T12:36:52.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999+00:00', '9999-12-31T23:59:59.999Z'],
    ['0001-01-01T01:00:00+01:00', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T22:59:59-01:00', '9999-12-31T23:59:59.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseWireDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2021-08-11',
    '2021-08-11 12:36:52Z',
    '2021-08-11T12:36Z',
    '2021-02-30T00:00:00Z',
    '2021-13-01T00:00:00Z',
    '2021-08-11T24:00:00Z',
    '2021-08-11T12:60:00Z',
    '2021-08-11T12:36:52.Z',
    '2021-08-11T12:36:52+24:00',
    '2021-08-11T12:36:52+0200',
    '2021-08-11T12:36:52.1234567890Z',
    '+275760-09-13T00:00:00.000Z',
    // Outside years 1 to 9999 UTC once the offset is applied (issue 14).
    '0000-12-31T23:59:59Z',
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:30:00-01:00',
    'yesterday',
    '',
  ])('refuses %j', (text) => {
    expect(parseWireDate(text)).toBeUndefined();
    expect(isWireDate(text)).toBe(false);
  });

  it('requires an offset when asked to, as requests do', () => {
    expect(isWireDate('2021-08-11T12:36:52', { requireOffset: true })).toBe(false);
    expect(isWireDate('2021-08-11T12:36:52Z', { requireOffset: true })).toBe(true);
    expect(isWireDate('2021-08-11T12:36:52-00:00', { requireOffset: true })).toBe(true);
  });
});
