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

function offsetMinutes(offset: string | undefined): number | undefined {
  if (offset === undefined || offset === 'Z') return 0;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function utcTime(fields: readonly number[]): number | undefined {
  const [year, month, day, hour, minute, second, millisecond] = fields as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millisecond));
  date.setUTCFullYear(year); // Date.UTC maps years 0…99 to 1900…1999
  // A day past the month's end (2021-02-30) rolls over: reject it.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.getTime();
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
  const fraction = (match[7] ?? '').padEnd(3, '0').slice(0, 3);
  const fields = [...match.slice(1, 7), fraction].map(Number);
  const time = utcTime(fields);
  if (time === undefined) return undefined;
  const date = new Date(time - minutes * 60_000);
  // The instant must fall in years 1 to 9999 UTC: past them, `toISOString` writes a 6-digit
  // signed year (`+010000-01-01T…`) that no SDK reads back, and year 0 is no calendar year.
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999 ? date : undefined;
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
