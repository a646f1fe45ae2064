import { createRecordingHandler, type RecordingHandler } from './recording-handler.ts';

/** The default countries list URL (protocol.md §1.1). */
export const DEFAULT_COUNTRIES_URL = 'https://portal-backend.incountry.com/countries';

/** One entry of the countries list as the portal sends it (protocol.md §1.2). */
export interface CountryEntry {
  /** Two letters, usually upper case, e.g. `US`. */
  readonly id: string;
  /** The country's name. */
  readonly name?: string;
  /** `true` for a mid-POP country with its own point of presence. */
  readonly direct?: boolean;
  /** `AMER`, `EMEA` or `APAC`. */
  readonly region?: string;
}

/** A small countries list: three direct countries, one per region, and one that is not. */
export const SAMPLE_COUNTRIES: readonly CountryEntry[] = Object.freeze([
  { id: 'US', name: 'United States', direct: true, region: 'AMER' },
  { id: 'DE', name: 'Germany', direct: true, region: 'EMEA' },
  { id: 'SG', name: 'Singapore', direct: true, region: 'APAC' },
  { id: 'AG', name: 'Antigua and Barbuda', direct: false, region: 'AMER' },
]);

/** Options of `countriesHandler`. */
export interface CountriesHandlerOptions {
  /** The URL to answer; `DEFAULT_COUNTRIES_URL` when omitted. */
  readonly url?: string;
}

/**
 * Creates a recording countries-list endpoint (protocol.md §1.2).
 *
 * @param countries The entries to send; `SAMPLE_COUNTRIES` when omitted.
 * @param options The URL to answer.
 * @returns The handler and its recorded calls.
 */
export function countriesHandler(
  countries: readonly CountryEntry[] = SAMPLE_COUNTRIES,
  options: CountriesHandlerOptions = {},
): RecordingHandler {
  const url = options.url ?? DEFAULT_COUNTRIES_URL;
  return createRecordingHandler('GET', url, () => Response.json({ countries }));
}
