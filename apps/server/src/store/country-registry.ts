import { UnknownCountryError } from './errors.ts';
import type { CountryStore, StoreProvider } from './types.ts';

/** An open country database: its store, and how to close it. */
export interface OpenedCountry {
  readonly store: CountryStore;
  close(): Promise<void>;
}

/** Opens a country's database; called once per country, one country at a time. */
export type CountryOpener = (code: string) => Promise<OpenedCountry>;

const COUNTRY_CODE = /^[a-z]{2}$/;

/**
 * Opens every country's database now, one after the other, and builds the provider of their
 * stores: a request never waits for a database to open, nor for another country's. When one
 * country fails to open, those already open are closed again.
 * @param codes The countries (lowercase two-letter codes), at least one, each once.
 * @param open Opens one country's database.
 * @param closeShared Closes what the countries share, after them (a PGlite database).
 * @returns The provider; its `country` throws UnknownCountryError for any other code, and Error
 *   once the provider is closed.
 * @throws Error when a code is not two lowercase letters or is listed twice; what `open` threw
 *   for the first country that failed.
 */
export async function openCountryStores(
  codes: readonly string[],
  open: CountryOpener,
  closeShared: () => Promise<void> = async () => undefined,
): Promise<StoreProvider> {
  // A code names a folder or a schema: only two lowercase letters ever get that far.
  if (codes.length === 0 || codes.some((code) => !COUNTRY_CODE.test(code))) {
    throw new Error('countries must be two-letter lowercase codes, at least one');
  }
  if (new Set(codes).size !== codes.length) throw new Error('countries must be listed once each');
  const countries = new Map<string, OpenedCountry>();
  try {
    for (const code of codes) countries.set(code, await open(code));
  } catch (error) {
    await closeAll([...countries.values()], closeShared).catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    countries: [...codes],
    async country(code) {
      if (closing !== undefined) throw new Error('the store provider is closed');
      const opened = countries.get(code);
      if (opened === undefined) throw new UnknownCountryError();
      return opened.store;
    },
    close() {
      closing ??= closeAll([...countries.values()], closeShared);
      return closing;
    },
  };
}

async function closeAll(
  countries: readonly OpenedCountry[],
  closeShared: () => Promise<void>,
): Promise<void> {
  // Queued audit rows go in before their database closes; a refusal fails the close, after
  // every database is closed anyway.
  const closed = await Promise.allSettled(
    countries.map(async (country) => {
      const flushed = await Promise.allSettled([country.store.flushAudit()]);
      await country.close();
      if (flushed[0]?.status === 'rejected') throw flushed[0].reason;
    }),
  );
  const shared = await Promise.allSettled([closeShared()]);
  const failure = [...closed, ...shared].find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}
