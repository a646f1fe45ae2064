// The scale-out backend: PostgreSQL, either a database per country (a URL each) or one database
// with a schema per country (`cc_<code>`). The server keeps no state of its own, so any number
// of server processes can share these databases.

import { removeAbandonedUploads } from './attachment-meta.ts';
import { createStoreProvider, type OpenedCountry } from './country-registry.ts';
import { UnknownCountryError } from './errors.ts';
import { createPostgresClient } from './postgres-client.ts';
import { ensureSchema } from './schema-migrate.ts';
import { createSqlCountryStore } from './sql-country-store.ts';
import type { StoreProvider } from './types.ts';

/** The pool size per country when the options do not say. */
export const DEFAULT_POOL_SIZE = 10;

// Another server process may be uploading right now: only an upload that has had no chunk for
// an hour is abandoned.
const ABANDONED_UPLOAD_MS = 60 * 60 * 1000;

/** Pool tuning shared by both forms of PostgresStoresOptions. */
export interface PostgresPoolOptions {
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
 * Creates the PostgreSQL stores. Nothing connects until a country is first used; its schema is
 * then created or upgraded (safely, when several servers start at once).
 * @param options The URL(s) and pool size.
 * @returns The provider. Its `country(code)` throws UnknownCountryError for a country `urls`
 *   does not list, and the driver's error when the database cannot be reached.
 * @throws Error when `poolSize` is not a positive integer.
 * @example
 * const stores = await createPostgresStores({ urls: { de: 'postgres://db-de/residency' } });
 * const store = await stores.country('de');
 */
export async function createPostgresStores(options: PostgresStoresOptions): Promise<StoreProvider> {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  if (!Number.isSafeInteger(poolSize) || poolSize < 1) {
    throw new Error('poolSize must be a positive integer');
  }
  if ('urls' in options) {
    const urls = new Map(
      Object.entries(options.urls).map(([code, url]) => [code.toLowerCase(), url]),
    );
    return createStoreProvider((code) => {
      const url = urls.get(code);
      if (url === undefined) return Promise.reject(new UnknownCountryError());
      return openPostgresCountry(url, poolSize, undefined);
    });
  }
  return createStoreProvider((code) => openPostgresCountry(options.url, poolSize, `cc_${code}`));
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
  };
}
