// The countries a server serves, as `GET /countries` lists them (protocol.md §1.2): the SDKs
// pick a country's endpoint and token region from this list. A real deployment runs one server
// per country or region, each serving its own subset. Any ISO 3166-1 country may be served
// (country-catalogue.ts); a config file may define others.

/** A country this server serves. */
export interface Country {
  /** ISO 3166-1 alpha-2, lowercase (`de`). */
  readonly code: string;
  /** Display name (`Germany`). */
  readonly name: string;
  /** Token region: `AMER`, `EMEA` or `APAC`. */
  readonly region: string;
}

/**
 * The countries a server serves when configuration names none. Their names and regions are the
 * ISO catalogue's (`isoCountries`, a test holds them equal); kept here so a default start never
 * reads the dataset.
 */
export const DEFAULT_COUNTRIES: readonly Country[] = Object.freeze([
  { code: 'us', name: 'United States', region: 'AMER' },
  { code: 'de', name: 'Germany', region: 'EMEA' },
  { code: 'gb', name: 'United Kingdom', region: 'EMEA' },
  { code: 'ae', name: 'United Arab Emirates', region: 'EMEA' },
  { code: 'sg', name: 'Singapore', region: 'APAC' },
  { code: 'in', name: 'India', region: 'APAC' },
]);

/** The shape of a country code in a request path or configuration. */
export const COUNTRY_CODE_PATTERN: RegExp = /^[a-zA-Z]{2}$/;

/**
 * Builds the body of `GET /countries`: every served country, `direct: true` (each has its own
 * endpoint here), ids uppercase as the SDKs' fixtures have them.
 *
 * @param countries The served countries.
 * @returns `{ countries: [{ id, name, direct, region }] }`.
 */
export function countriesBody(countries: readonly Country[]): {
  countries: { id: string; name: string; direct: boolean; region: string }[];
} {
  return {
    countries: countries.map((country) => ({
      id: country.code.toUpperCase(),
      name: country.name,
      direct: true,
      region: country.region,
    })),
  };
}
