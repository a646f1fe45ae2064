import fc from 'fast-check';
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

// An oracle built the slow way, from Date's own calendar: the instant of the fields, or undefined
// when a field is out of range, the day is past the month's end, or the instant falls outside
// years 1 to 9999 UTC.
function oracle(fields: DateFields): number | undefined {
  const { year, month, day, hour, minute, second, fraction, offset } = fields;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (offset !== undefined && offset !== 'Z' && (offset.hours > 23 || offset.minutes > 59)) {
    return undefined;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined;
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, Number((fraction ?? '').padEnd(3, '0').slice(0, 3)));
  const shift =
    offset === undefined || offset === 'Z' ? 0 : offset.sign * (offset.hours * 60 + offset.minutes);
  const instant = new Date(date.getTime() - shift * 60_000);
  const utcYear = instant.getUTCFullYear();
  return utcYear >= 1 && utcYear <= 9999 ? instant.getTime() : undefined;
}

interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string | undefined;
  offset: 'Z' | { sign: 1 | -1; hours: number; minutes: number } | undefined;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

function wireText(fields: DateFields): string {
  const { year, month, day, hour, minute, second, fraction, offset } = fields;
  const time = `${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
  const zone =
    offset === undefined || offset === 'Z'
      ? (offset ?? '')
      : `${offset.sign < 0 ? '-' : '+'}${pad(offset.hours, 2)}:${pad(offset.minutes, 2)}`;
  const tail = fraction === undefined ? '' : `.${fraction}`;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${time}${tail}${zone}`;
}

const dateFields: fc.Arbitrary<DateFields> = fc.record({
  year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 1, 1900, 2000, 2024, 9999)),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.oneof(fc.integer({ min: 0, max: 32 }), fc.constantFrom(28, 29, 30, 31)),
  hour: fc.integer({ min: 0, max: 24 }),
  minute: fc.integer({ min: 0, max: 60 }),
  second: fc.integer({ min: 0, max: 60 }),
  fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
  offset: fc.option(
    fc.oneof(
      fc.constant('Z' as const),
      fc.record({
        sign: fc.constantFrom(1 as const, -1 as const),
        hours: fc.integer({ min: 0, max: 24 }),
        minutes: fc.integer({ min: 0, max: 60 }),
      }),
    ),
    { nil: undefined },
  ),
});

describe('parseWireDate against Date’s own calendar', () => {
  it('gives the same instant, or refuses the same texts', () => {
    fc.assert(
      fc.property(dateFields, (fields) => {
        expect(parseWireDate(wireText(fields))?.getTime()).toBe(oracle(fields));
      }),
      { numRuns: 20_000 },
    );
  });
});
