import * as v from 'valibot';
import { parseInput } from './input-issues.ts';

const COUNTRY_RULE = 'must be a two-letter code';

/**
 * A country code: exactly two ASCII letters in any case, lower-cased (protocol.md §1.3, §10).
 * Every message is ours; none quotes the value.
 */
export const CountryCodeSchema: v.GenericSchema<string, string> = v.pipe(
  v.string(COUNTRY_RULE),
  v.regex(/^[a-zA-Z]{2}$/, COUNTRY_RULE),
  v.toLowerCase(),
);

/**
 * Validates a country code and lower-cases it, before any request is made.
 *
 * @param country The caller's country code, e.g. `US` or `us`.
 * @param path The argument's name in error messages; `country` unless told.
 * @returns The lower-case code.
 * @throws {InputValidationError} `country` is not two ASCII letters.
 */
export function parseCountryCode(country: unknown, path = 'country'): string {
  return parseInput(CountryCodeSchema, country, path);
}
