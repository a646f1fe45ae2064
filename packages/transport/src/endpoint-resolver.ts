import { InputValidationError, StorageCountryNotSupportedError } from '@residency/errors';
import type { CountriesCache } from './countries-cache.ts';
import { DEFAULT_TRANSPORT_OPTIONS } from './defaults.ts';
import type { ResolvedTransportOptions } from './transport-options.ts';

/** Where a country's requests go and how their token is scoped (protocol.md §1.3). */
export interface EndpointDetails {
  /** The PoP base URL, e.g. `https://us-mt-01.api.incountry.io`. */
  readonly host: string;
  /** The OAuth audience: one URL, or two separated by a single space. */
  readonly audience: string;
  /** The lower-case auth region: the country's region for a mid-POP, else `default`. */
  readonly region: string;
  /** The token endpoint for that region (`authEndpoints[region]`, else `default`). */
  readonly authEndpoint: string;
}

/** The country PoPs fall back to when a country has none of its own (protocol.md §1.1). */
const FALLBACK_COUNTRY = 'us';

/**
 * Checks and lower-cases a country code (protocol.md §1.3).
 *
 * @param country The caller's country code.
 * @returns The code in lower case.
 * @throws {InputValidationError} It is not exactly two ASCII letters.
 */
export function normalizeCountry(country: string): string {
  if (typeof country !== 'string' || !/^[a-zA-Z]{2}$/.test(country)) {
    throw new InputValidationError('country must be a two-letter code', { path: 'country' });
  }
  return country.toLowerCase();
}

/**
 * Resolves host, audience and auth region for a country with Python's semantics
 * (protocol.md §1.3):
 *
 * 1. `endpoint` without mask: host and audience are `endpoint`, region `default`.
 * 2. `endpoint` with mask: audience is `endpoint`, or `endpoint + " " + countryHost` when they
 *    differ. The countries list is not consulted in 1 and 2.
 * 3. Otherwise the countries list decides: a direct (mid-POP) country uses its own host and
 *    region; a listed country that is not direct goes through `https://us{mask}` with both
 *    hosts as audience; a country not listed at all is refused.
 *
 * @param country A lower-case two-letter code.
 * @param options The resolved transport options.
 * @param countries The countries list.
 * @param signal Stops waiting for the list.
 * @returns The endpoint details.
 * @throws {StorageCountryNotSupportedError} The country is not in the list.
 * @throws {StorageServerError} The list could not be fetched.
 */
export async function resolveEndpoint(
  country: string,
  options: ResolvedTransportOptions,
  countries: CountriesCache,
  signal: AbortSignal | undefined,
): Promise<EndpointDetails> {
  const mask = options.endpointMask ?? DEFAULT_TRANSPORT_OPTIONS.endpointMask;
  const countryHost = `https://${country}${mask}`;
  const details = (host: string, audience: string, region: string): EndpointDetails => ({
    host,
    audience,
    region,
    authEndpoint: authEndpointFor(region, options.authEndpoints),
  });
  const { endpoint } = options;
  if (endpoint !== undefined) {
    const single = options.endpointMask === undefined || endpoint === countryHost;
    return details(endpoint, single ? endpoint : `${endpoint} ${countryHost}`, 'default');
  }
  const entry = await countries.find(country, signal);
  if (entry === undefined) {
    throw new StorageCountryNotSupportedError(
      `Country ${country.toUpperCase()} is not supported: it is not in the countries list`,
    );
  }
  if (entry.direct) return details(countryHost, countryHost, entry.region);
  const host = `https://${FALLBACK_COUNTRY}${mask}`;
  return details(host, `${host} ${countryHost}`, 'default');
}

function authEndpointFor(region: string, endpoints: Readonly<Record<string, string>>): string {
  // `default` is guaranteed by option validation.
  return endpoints[region] ?? (endpoints.default as string);
}
