import { UnknownCountryError } from './errors.ts';
import type { CountryStore, StoreProvider } from './types.ts';

/** An open country database: its store, and how to close it. */
export interface OpenedCountry {
  readonly store: CountryStore;
  close(): Promise<void>;
}

/** Opens a country's database; called at most once per country at a time. */
export type CountryOpener = (code: string) => Promise<OpenedCountry>;

const COUNTRY_CODE = /^[a-z]{2}$/;

/**
 * Builds a store provider that opens each country on first use. Concurrent first calls for one
 * country share one opening; a failed opening is forgotten, so a later call tries again.
 * @param open Opens one country's database.
 * @returns The provider; its `country` throws UnknownCountryError for a code that is not two
 *   lowercase letters, and Error once the provider is closed.
 */
export function createStoreProvider(open: CountryOpener): StoreProvider {
  const countries = new Map<string, Promise<OpenedCountry>>();
  let closing: Promise<void> | undefined;
  return {
    async country(code) {
      // The code names a folder or a schema: only two lowercase letters ever get that far.
      if (!COUNTRY_CODE.test(code)) throw new UnknownCountryError();
      if (closing !== undefined) throw new Error('the store provider is closed');
      let opening = countries.get(code);
      if (opening === undefined) {
        opening = open(code);
        countries.set(code, opening);
        opening.catch(() => countries.delete(code));
      }
      return (await opening).store;
    },
    close() {
      closing ??= closeAll([...countries.values()]);
      return closing;
    },
  };
}

async function closeAll(openings: readonly Promise<OpenedCountry>[]): Promise<void> {
  const opened = await Promise.allSettled(openings);
  const closed = await Promise.allSettled(
    opened.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)),
  );
  const failure = closed.find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}
