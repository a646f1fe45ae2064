// The purge of expired records runs on the countries a server has opened, not on every country
// it serves: opening a PGlite database costs memory, and a country nobody wrote to has nothing
// to purge.

import type { CountryStore, StoreProvider } from '../store/index.ts';

/** A store provider that remembers which countries it opened. */
export interface TrackedStores extends StoreProvider {
  /** The countries opened so far (lowercase codes). */
  opened(): readonly string[];
}

/**
 * Wraps a store provider to remember the countries it opens.
 *
 * @param provider The provider.
 * @returns The same stores, with `opened()`.
 */
export function trackOpenedCountries(provider: StoreProvider): TrackedStores {
  const opened = new Set<string>();
  return {
    async country(code: string): Promise<CountryStore> {
      const store = await provider.country(code);
      opened.add(code);
      return store;
    },
    close: () => provider.close(),
    opened: () => [...opened],
  };
}
