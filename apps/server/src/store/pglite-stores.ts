// The embedded backend: one PGlite database for the whole data folder (`<dataDir>/pglite/`,
// pglite-database.ts), a schema `cc_<code>` per country, as the PostgreSQL single-URL mode
// keeps them. One PGlite instance costs ~100-250 MB however many countries it holds; one per
// country cost that much each. Every country is opened before the provider exists, so no
// request waits for a database to open.

import { removeAbandonedUploads } from './attachment-meta.ts';
import { type OpenedCountry, openCountryStores } from './country-registry.ts';
import { openDataFolderDatabase, type PgliteDatabase } from './pglite-database.ts';
import { withMaintenance } from './pglite-maintenance.ts';
import { DEFAULT_TEMPLATE_CACHE } from './pglite-template.ts';
import { upgradeOldCountries } from './pglite-upgrade.ts';
import { warmUpCountry } from './pglite-warm-up.ts';
import { ensureSchema } from './schema-migrate.ts';
import type { SqlClient, SqlQueryable } from './sql-client.ts';
import { createSqlCountryStore } from './sql-country-store.ts';
import type { ConnectionUsage, StoreProvider } from './types.ts';

/** Where the embedded backend keeps its database, and what it serves. */
export interface PgliteStoresOptions {
  /** The data folder; the database goes to `pglite/` inside it. */
  readonly dataDir: string;
  /** The countries to open (lowercase codes), each once. */
  readonly countries: readonly string[];
  /** The template cache; `apps/server/.pglite-template` by default. */
  readonly templateCache?: string | undefined;
  /** Told one line per one-time event: the template built, an old country upgraded. */
  readonly log?: ((line: string) => void) | undefined;
  /** For the upgrade's crash test: called after each batch of an old country copied. */
  readonly onUpgradeBatch?: (() => void) | undefined;
}

/**
 * Creates the embedded stores: opens the data folder's database (from the template when new),
 * upgrades the databases of the old per-country layout into it, and opens every country. The
 * folder belongs to this process until `close`.
 * @param options The data folder and the countries.
 * @returns The provider; its `country(code)` throws UnknownCountryError for a country not opened.
 * @throws FolderInUseError naming the folder when another running process (or another provider
 *   of this process) holds it; Error when a country code is malformed, the template cannot be
 *   built, or an old country cannot be upgraded (pglite-upgrade.ts); PGlite's error.
 * @example
 * const stores = await createPgliteStores({ dataDir: './data', countries: ['de', 'us'] });
 * const store = await stores.country('de');
 * await store.write('env-1', [{ record }]);
 * await stores.close();
 */
export async function createPgliteStores(options: PgliteStoresOptions): Promise<StoreProvider> {
  const log = options.log ?? (() => undefined);
  const opened = await openDataFolderDatabase({
    dataDir: options.dataDir,
    templateCache: options.templateCache ?? DEFAULT_TEMPLATE_CACHE,
    log,
  });
  try {
    await upgradeOldCountries({
      dataDir: options.dataDir,
      database: opened.database,
      prepareSchema: async (code) => {
        await prepareSchema(opened, code);
      },
      log,
      onBatch: options.onUpgradeBatch,
    });
    return await openCountryStores(options.countries, (code) => openPgliteCountry(opened, code), {
      close: () => opened.close(),
      usage: () => sharedUsage(opened),
    });
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }
}

async function openPgliteCountry(opened: PgliteDatabase, code: string): Promise<OpenedCountry> {
  const client = await prepareSchema(opened, code);
  // Only this process can be uploading: every unpublished upload is a leftover.
  await removeAbandonedUploads(client, 0);
  await warmUpCountry(client);
  const maintained = withMaintenance(createSqlCountryStore(client), client);
  return {
    store: maintained.store,
    close: () => maintained.settle(),
    isOpen: () => !opened.database.closed,
  };
}

// Every country runs on the one connection of the data folder's database.
function sharedUsage(opened: PgliteDatabase): ConnectionUsage {
  if (opened.database.closed) return { inUse: 0, idle: 0, waiting: 0 };
  return opened.schemas.usage();
}

/** The country's schema, with current tables: a spare of the template renamed, else created. */
async function prepareSchema(opened: PgliteDatabase, code: string): Promise<SqlClient> {
  const schemaName = `cc_${code}`;
  const client = opened.schemas.client(schemaName);
  await claimSpareSchema(client, schemaName);
  await ensureSchema(client, { schemaName });
  return client;
}

const SPARE_NAME = /^spare_[0-9]{1,2}$/;

async function claimSpareSchema(client: SqlQueryable, schemaName: string): Promise<void> {
  const found = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname = $1 OR nspname ~ '^spare_[0-9]+$'
     ORDER BY nspname = $1 DESC, length(nspname), nspname LIMIT 1`,
    [schemaName],
  );
  const spare = found.rows[0]?.name;
  // The schema exists already, or no spare is left (ensureSchema then creates the tables).
  if (spare === undefined || !SPARE_NAME.test(spare)) return;
  await client.query(`ALTER SCHEMA ${spare} RENAME TO ${schemaName}`);
}
