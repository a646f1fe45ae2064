import * as v from 'valibot';

/**
 * An ISO 8601 date, or date and time with optional seconds, fraction (up to 9 digits, as Python
 * emits 6) and offset: `2021-08-11`, `2021-08-11T12:36:52.607534+00:00`, `2021-08-11T12:36Z`.
 * A time without an offset is local time, as `new Date()` and Python read it.
 */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const DATE_RULE = 'must be a valid Date or an ISO 8601 date string';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads an ISO 8601 date string. `new Date()` alone is too lenient: it rolls `2021-02-30` over to
 * March and accepts free text such as `March 7`, so the fields are checked first.
 *
 * @param text The string.
 * @returns The date, or `undefined` when `text` is not a valid ISO 8601 date.
 */
export function parseIsoDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  if (month === undefined || month < 1 || month > 12) return undefined;
  if (day === undefined || day < 1 || day > daysInMonth(year ?? 0, month)) return undefined;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isValidDate(value: Date): boolean {
  return !Number.isNaN(value.getTime());
}

/**
 * A date given as a `Date` or an ISO 8601 string, read into a `Date` (protocol.md §5.4: Node
 * parses user strings, then sends `toISOString()`). Invalid dates are rejected.
 */
export const DateInputSchema: v.GenericSchema<Date | string, Date> = v.union(
  [
    v.pipe(v.date(DATE_RULE), v.check(isValidDate, DATE_RULE)),
    v.pipe(
      v.string(DATE_RULE),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const date = parseIsoDate(dataset.value);
        if (date !== undefined) return date;
        addIssue({ message: DATE_RULE });
        return NEVER;
      }),
    ),
  ],
  DATE_RULE,
);
