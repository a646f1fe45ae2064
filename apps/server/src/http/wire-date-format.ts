// Dates leave the server as `YYYY-MM-DDTHH:MM:SS.fff+00:00` (protocol.md §5.4): Python 3.7–3.10's
// `datetime.fromisoformat` refuses a trailing `Z` and wants 3 or 6 fraction digits, and Node's
// `new Date()` reads this form too. Stored dates hold milliseconds, so 3 digits lose nothing.

/**
 * Formats an instant for the wire.
 *
 * @param date The instant (years 0…9999).
 * @returns E.g. `2021-08-11T12:36:52.607+00:00`, never with `Z`.
 */
export function formatWireDate(date: Date): string {
  return `${date.toISOString().slice(0, -1)}+00:00`;
}

/**
 * Formats an optional instant for the wire.
 *
 * @param date The instant or null.
 * @returns The wire date, or null.
 */
export function formatNullableWireDate(date: Date | null): string | null {
  return date === null ? null : formatWireDate(date);
}
