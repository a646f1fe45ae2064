import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DateInputSchema, parseIsoDate } from '../src/date-input.ts';

describe('parseIsoDate', () => {
  it.each([
    ['2021-08-11', '2021-08-11T00:00:00.000Z'],
    ['2021-08-11T12:36:52Z', '2021-08-11T12:36:52.000Z'],
    ['2021-08-11T12:36:52.607Z', '2021-08-11T12:36:52.607Z'],
    ['2021-08-11T12:36:52.607534+00:00', '2021-08-11T12:36:52.607Z'],
    ['2021-08-11T14:36:52+02:00', '2021-08-11T12:36:52.000Z'],
    ['2021-08-11T14:36:52+0200', '2021-08-11T12:36:52.000Z'],
    ['2021-08-11T12:36Z', '2021-08-11T12:36:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseIsoDate(text)?.toISOString()).toBe(iso);
  });

  it('reads a time without offset as local time, as new Date does', () => {
    expect(parseIsoDate('2021-08-11T12:36:52')?.getTime()).toBe(
      new Date('2021-08-11T12:36:52').getTime(),
    );
  });

  it.each([
    'tomorrow',
    'March 7, 2021',
    '2021-02-30',
    '2023-02-29T00:00:00Z',
    '2021-13-01',
    '2021-00-10',
    '2021-08-00',
    '2021-08-11T24:00:00Z',
    '2021-08-11T12:60:00Z',
    '2021-08-11T12:36:61Z',
    '2021-08-11T12:36:52.1234567890Z',
    '21-08-11',
    '2021-8-11',
    '1628685412',
    '',
  ])('refuses %j', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

describe('DateInputSchema', () => {
  it('passes a Date through and reads a string', () => {
    const date = new Date('2021-08-11T12:36:52.607Z');
    expect(v.parse(DateInputSchema, date)).toBe(date);
    expect(v.parse(DateInputSchema, '2021-08-11T12:36:52.607Z')).toEqual(date);
  });

  it.each([[new Date(Number.NaN)], ['nope'], [1_628_685_412], [null], [{}]])(
    'refuses %j with its own message',
    (input) => {
      const result = v.safeParse(DateInputSchema, input);
      expect(result.success).toBe(false);
      expect(result.issues?.[0]?.message).toBe('must be a valid Date or an ISO 8601 date string');
    },
  );
});
