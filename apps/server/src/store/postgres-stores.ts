// The scale-out backend: PostgreSQL, either a database per country (a URL each) or one database
// with a schema per country (`cc_<code>`). The server keeps no state of its own, so any number
// of server processes can share these databases.

import { removeAbandonedUploads } from './attachment-meta.ts';
import { type OpenedCountry, openCountryStores } from './country-registry.ts';
import { databaseErrorReason } from './database-error-reason.ts';
import { createPostgresClient } from './postgres-client.ts';
import { ensureSchema } from './schema-migrate.ts';
import { createSqlCountryStore } from './sql-country-store.ts';
import type { StoreProvider } from './types.ts';

/** The pool size per country when the options do not say. */
const DEFAULT_POOL_SIZE = 10;

// Another server process may be uploading right now: only an upload that has had no chunk for
// an hour is abandoned.
const ABANDONED_UPLOAD_MS = 60 * 60 * 1000;

/** Pool tuning and the countries, shared by both forms of PostgresStoresOptions. */
export interface PostgresPoolOptions {
  /** The countries to open (lowercase codes), each once; every one is opened at creation. */
  readonly countries: readonly string[];
  /** Connections per country, at most; 10 by default. */
  readonly poolSize?: number | undefined;
}

/**
 * Where the countries live: `urls` maps each served country code (lowercase) to its own
 * database; `url` names one database that holds a schema `cc_<code>` per country, any country.
 */
export type PostgresStoresOptions =
  | ({ readonly urls: Readonly<Record<string, string>> } & PostgresPoolOptions)
  | ({ readonly url: string } & PostgresPoolOptions);

/**
 * Creates the PostgreSQL stores, connecting to every country's database now: its schema is
 * created or upgraded (safely, when several servers start at once) before this resolves.
 * @param options The URL(s), the countries and the pool size.
 * @returns The provider; its `country(code)` throws UnknownCountryError for a country not opened.
 * @throws Error when `poolSize` is not a positive integer, `urls` lacks a country, or a
 *   country's database cannot be reached or set up: one line naming the country and the
 *   driver's reason, never the URL or its password (the driver's error is its `cause`).
 * @example
 * const stores = await createPostgresStores({
 *   urls: { de: 'postgres://db-de/residency' }, countries: ['de'],
 * });
 * const store = await stores.country('de');
 */
export async function createPostgresStores(options: PostgresStoresOptions): Promise<StoreProvider> {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  if (!Number.isSafeInteger(poolSize) || poolSize < 1) {
    throw new Error('poolSize must be a positive integer');
  }
  const urls =
    'urls' in options
      ? new Map(Object.entries(options.urls).map(([code, url]) => [code.toLowerCase(), url]))
      : undefined;
  return openCountryStores(options.countries, (code) => {
    const url = urls === undefined ? (options as { url: string }).url : urls.get(code);
    if (url === undefined) {
      return Promise.reject(new Error(`no PostgreSQL URL is configured for country ${code}`));
    }
    const schemaName = urls === undefined ? `cc_${code}` : undefined;
    return openPostgresCountry(url, poolSize, schemaName).catch((error: unknown) => {
      throw countryError(code, url, error);
    });
  });
}

/** One line naming the country and the driver's reason, with the URL's password blotted out. */
function countryError(code: string, url: string, error: unknown): Error {
  const reason = databaseErrorReason(url, error);
  return new Error(`cannot open the PostgreSQL database of country ${code}: ${reason}`, {
    cause: error,
  });
}

async function openPostgresCountry(
  connectionString: string,
  poolSize: number,
  schemaName: string | undefined,
): Promise<OpenedCountry> {
  const client = createPostgresClient({ connectionString, poolSize, searchPath: schemaName });
  try {
    await ensureSchema(client, { schemaName });
    await removeAbandonedUploads(client, ABANDONED_UPLOAD_MS);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return {
    store: createSqlCountryStore(client, { abandonedUploadMs: ABANDONED_UPLOAD_MS }),
    close: () => client.close(),
    isOpen: () => client.isOpen(),
    usage: () => client.usage(),
  };
}
