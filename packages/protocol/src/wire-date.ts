// Dates on the wire are ISO-8601 date-times (protocol.md §5.4): Python sends and the server
// emits `2021-08-11T12:36:52.607534+00:00` (fraction omitted at 0 µs), Node sends
// `2021-08-11T12:36:52.607Z`. We parse them by hand rather than with `Date.parse`, whose
// handling of 6-digit fractions and offset-less strings varies between engines.

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

/** Options of `parseWireDate`. */
export interface WireDateOptions {
  /**
   * Require a `Z` or `±hh:mm` offset, as requests must; when `false` (responses, lenient) a
   * date-time without one is read as UTC, the server's clock.
   */
  readonly requireOffset?: boolean | undefined;
}

const MS_PER_DAY = 86_400_000;

// Days in each month of a common year; February gains one in leap years.
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
 * `days_from_civil`): arithmetic only, no `Date` to build, adjust and read back per value.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The instants a wire date may name: years 1 to 9999 UTC (see `parseWireDate`). */
const FIRST_INSTANT = daysFromCivil(1, 1, 1) * MS_PER_DAY;
const END_INSTANT = daysFromCivil(10_000, 1, 1) * MS_PER_DAY;

function offsetMinutes(offset: string | undefined): number | undefined {
  if (offset === undefined || offset === 'Z') return 0;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

// The fraction's first three digits are the milliseconds; later digits are dropped.
function milliseconds(fraction: string | undefined): number {
  if (fraction === undefined) return 0;
  const digits = fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0');
  return Number(digits);
}

/**
 * Parses an ISO-8601 date-time of the wire: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of 1 to 9
 * digits (read to the millisecond), and a `Z` or `±hh:mm` offset.
 *
 * @param text The wire value.
 * @param options `requireOffset`: refuse a date-time without an offset (default `false`).
 * @returns The instant, or `undefined` when `text` is not such a date-time, or names an instant
 *   outside years 1 to 9999 UTC once its offset is applied.
 */
export function parseWireDate(text: string, options?: WireDateOptions): Date | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const offset = match[8];
  if (offset === undefined && options?.requireOffset === true) return undefined;
  const minutes = offsetMinutes(offset);
  if (minutes === undefined) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] as number);
  // A day past the month's end (2021-02-30) is refused, not rolled over.
  if (day < 1 || day > monthDays) return undefined;
  const time =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute - minutes) * 60 + second) * 1000 +
    milliseconds(match[7]);
  // The instant must fall in years 1 to 9999 UTC: past them, `toISOString` writes a 6-digit
  // signed year (`+010000-01-01T…`) that no SDK reads back, and year 0 is no calendar year.
  return time >= FIRST_INSTANT && time < END_INSTANT ? new Date(time) : undefined;
}

/**
 * Tells whether a string is a wire date-time (see `parseWireDate`).
 *
 * @param text The value to check.
 * @param options `requireOffset`: refuse a date-time without an offset (default `false`).
 * @returns `true` when `parseWireDate` accepts it.
 */
export function isWireDate(text: string, options?: WireDateOptions): boolean {
  return parseWireDate(text, options) !== undefined;
}
