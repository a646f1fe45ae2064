import { CountriesResponseSchema, type CountryEntry } from '@residency/protocol';
import { untilAborted } from './abort.ts';
import { exchange } from './exchange.ts';
import type { ExchangeSettings } from './exchange-types.ts';
import { parseJsonResponse } from './parse-response.ts';

/**
 * A country of the list (protocol.md §1.2), checked by `@residency/protocol`'s
 * `CountriesResponseSchema`: `id` two lower-case letters, `direct` `true` for a mid-POP country
 * with its own point of presence, `region` lower-case (e.g. `emea`).
 */
export type Country = Readonly<CountryEntry>;

/** The countries list, fetched on demand and cached. */
export interface CountriesCache {
  /**
   * Finds a country in the list, fetching the list when it is missing or older than the TTL.
   *
   * @param country A lower-case two-letter code.
   * @param signal Stops this caller's wait; the shared fetch goes on.
   * @returns The entry, or `undefined` when the country is not listed.
   * @throws {StorageServerError} The list could not be fetched ("Countries provider …").
   */
  find(country: string, signal: AbortSignal | undefined): Promise<Country | undefined>;
}

/** What the cache needs. */
export interface CountriesCacheSettings {
  /** The list URL. */
  readonly url: string;
  /** How long a fetched list is used, in milliseconds, counted from the request. */
  readonly ttl: number;
  /** How to make the request. */
  readonly exchange: ExchangeSettings;
}

/**
 * Creates the countries cache. Concurrent look-ups share one request; a failed fetch is
 * not cached, so the next look-up asks again (Python instead treats a failure as an empty list
 * and raises "Country list is empty"; we propagate the real cause).
 *
 * @param settings URL, TTL and exchange settings.
 * @returns The cache.
 */
export function createCountriesCache(settings: CountriesCacheSettings): CountriesCache {
  let cached: { countries: readonly Country[]; expiresAt: number } | undefined;
  let inflight: Promise<readonly Country[]> | undefined;

  async function load(): Promise<readonly Country[]> {
    const started = Date.now();
    const exchanged = await exchange(settings.exchange, {
      kind: 'countries',
      method: 'GET',
      url: settings.url,
      // No Authorization, no x-env-id: the list is public (protocol.md §1.2).
      headers: {},
    });
    const { countries } = await parseJsonResponse(exchanged, CountriesResponseSchema);
    cached = { countries, expiresAt: started + settings.ttl };
    settings.exchange.logger.info(`Countries list refreshed: ${countries.length} countries`);
    return countries;
  }

  function list(): Promise<readonly Country[]> {
    if (cached !== undefined && Date.now() < cached.expiresAt) {
      return Promise.resolve(cached.countries);
    }
    if (inflight === undefined) {
      const flight = load().finally(() => {
        inflight = undefined;
      });
      // Waiters may all have been aborted; the shared failure must not go unhandled.
      flight.catch(() => undefined);
      inflight = flight;
    }
    return inflight;
  }

  return {
    async find(country, signal) {
      const countries = await untilAborted(list(), signal, 'Countries provider request');
      return countries.find((entry) => entry.id === country);
    },
  };
}
