/** The values `createTransport` uses for options left out; durations are milliseconds. */
export interface TransportDefaults {
  /** Host suffix of a country's point of presence: `https://{cc}{mask}` (protocol.md §1.1). */
  readonly endpointMask: string;
  /** The countries list (protocol.md §1.1). */
  readonly countriesEndpoint: string;
  /** How long the countries list is cached, in milliseconds: Python's 300 s. */
  readonly countriesCacheTtl: number;
  /** OAuth token endpoints by lower-case region; `default` serves every other region. */
  readonly authEndpoints: Readonly<Record<string, string>>;
  /** Per-attempt timeout in milliseconds for PoP, OAuth and countries calls: 30 s. */
  readonly timeout: number;
  /** First retry delay in milliseconds: 1 s (protocol.md §9.2). */
  readonly retryBaseDelay: number;
  /** Largest retry delay in milliseconds: 32 s, so 6 retries (protocol.md §9.2). */
  readonly retryMaxDelay: number;
  /** The `User-Agent` header; the facade passes `SDK-Residency/<its version>`. */
  readonly userAgent: string;
}

/** The defaults of every `TransportOptions` field, merged once by `createTransport`. */
export const DEFAULT_TRANSPORT_OPTIONS: TransportDefaults = Object.freeze({
  endpointMask: '-mt-01.api.incountry.io',
  countriesEndpoint: 'https://portal-backend.incountry.com/countries',
  countriesCacheTtl: 300_000,
  authEndpoints: Object.freeze({
    apac: 'https://auth-apac.incountry.com/oauth2/token',
    emea: 'https://auth-emea.incountry.com/oauth2/token',
    default: 'https://auth-emea.incountry.com/oauth2/token',
  }),
  timeout: 30_000,
  retryBaseDelay: 1_000,
  retryMaxDelay: 32_000,
  userAgent: 'SDK-Residency',
});
