import { UnknownCountryError } from './errors.ts';
import type { ConnectionUsage, CountryStore, StoreHealth, StoreProvider } from './types.ts';

/** An open country database: its store, how to close it, and what it says about itself. */
export interface OpenedCountry {
  readonly store: CountryStore;
  close(): Promise<void>;
  /** Whether its database is still open. */
  isOpen(): boolean;
  /** Its own connections; left out where the countries share one (PGlite: `sharedUsage`). */
  usage?(): ConnectionUsage;
}

/** What the countries share, if anything: how to close it and its connections. */
export interface SharedDatabase {
  close(): Promise<void>;
  usage(): ConnectionUsage;
}

const NO_SHARED: SharedDatabase = {
  close: async () => undefined,
  usage: () => ({ inUse: 0, idle: 0, waiting: 0 }),
};

/** Opens a country's database; called once per country, one country at a time. */
export type CountryOpener = (code: string) => Promise<OpenedCountry>;

const COUNTRY_CODE = /^[a-z]{2}$/;

/**
 * Opens every country's database now, one after the other, and builds the provider of their
 * stores: a request never waits for a database to open, nor for another country's. When one
 * country fails to open, those already open are closed again.
 * @param codes The countries (lowercase two-letter codes), at least one, each once.
 * @param open Opens one country's database.
 * @param shared What the countries share, closed after them (a PGlite database); none default.
 * @returns The provider; its `country` throws UnknownCountryError for any other code, and Error
 *   once the provider is closed.
 * @throws Error when a code is not two lowercase letters or is listed twice; what `open` threw
 *   for the first country that failed.
 */
export async function openCountryStores(
  codes: readonly string[],
  open: CountryOpener,
  shared: SharedDatabase = NO_SHARED,
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
    await closeAll([...countries.values()], shared).catch(() => undefined);
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
    health: () => healthOf(countries, shared, closing !== undefined),
    close() {
      closing ??= closeAll([...countries.values()], shared);
      return closing;
    },
  };
}

function healthOf(
  countries: ReadonlyMap<string, OpenedCountry>,
  shared: SharedDatabase,
  closing: boolean,
): StoreHealth {
  const usages = [shared.usage(), ...[...countries.values()].map((opened) => opened.usage?.())];
  const total = (field: keyof ConnectionUsage): number =>
    usages.reduce((sum, usage) => sum + (usage?.[field] ?? 0), 0);
  return {
    countries: [...countries].map(([code, opened]) => ({
      code,
      open: !closing && opened.isOpen(),
    })),
    connections: { inUse: total('inUse'), idle: total('idle'), waiting: total('waiting') },
  };
}

async function closeAll(
  countries: readonly OpenedCountry[],
  shared: SharedDatabase,
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
  const sharedClosed = await Promise.allSettled([shared.close()]);
  const failure = [...closed, ...sharedClosed].find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}
