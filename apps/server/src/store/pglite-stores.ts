// The embedded backend: one PGlite database per country, in `<dataDir>/countries/<cc>/pgdata`,
// beside the folder's lock file. PGlite runs in this process on one connection, so the folder
// belongs to one process at a time (folder-lock.ts).

import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { removeAbandonedUploads } from './attachment-meta.ts';
import { createStoreProvider, type OpenedCountry } from './country-registry.ts';
import { acquireFolderLock } from './folder-lock.ts';
import { openPgliteClient } from './pglite-client.ts';
import { withMaintenance } from './pglite-maintenance.ts';
import { ensureSchema } from './schema-migrate.ts';
import type { SqlClient } from './sql-client.ts';
import { createSqlCountryStore } from './sql-country-store.ts';
import type { StoreProvider } from './types.ts';

/** Where the embedded backend keeps its databases. */
export interface PgliteStoresOptions {
  /** The data folder; each country gets `countries/<cc>/` inside it, created on first use. */
  readonly dataDir: string;
}

/**
 * Creates the embedded stores: a PGlite database per country, opened (and created) on first use
 * and held by this process alone until `close`.
 * @param options The data folder.
 * @returns The provider. Its `country(code)` throws an Error naming the folder when another
 *   running process (or another provider of this process) holds that country's folder.
 * @throws The file system's error when the data folder cannot be created.
 * @example
 * const stores = await createPgliteStores({ dataDir: './data' });
 * const store = await stores.country('de');
 * await store.write('env-1', [{ record }]);
 * await stores.close();
 */
export async function createPgliteStores(options: PgliteStoresOptions): Promise<StoreProvider> {
  const countriesDir = join(options.dataDir, 'countries');
  await mkdir(countriesDir, { recursive: true });
  return createStoreProvider((code) => openPgliteCountry(join(countriesDir, code)));
}

async function openPgliteCountry(folder: string): Promise<OpenedCountry> {
  const lock = await acquireFolderLock(folder);
  let client: SqlClient | undefined;
  try {
    const dataDir = join(folder, 'pgdata');
    // We hold the folder's lock, so no PostgreSQL of another process runs on it: a pid file
    // left by a killed process is stale. PGlite recovers from the WAL as PostgreSQL does.
    await rm(join(dataDir, 'postmaster.pid'), { force: true });
    client = await openPgliteClient(dataDir);
    await ensureSchema(client);
    // Only this process can be uploading: every unpublished upload is a leftover.
    await removeAbandonedUploads(client, 0);
  } catch (error) {
    await client?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
  const opened = client;
  const maintained = withMaintenance(createSqlCountryStore(opened), opened);
  return {
    store: maintained.store,
    close: async () => {
      await maintained.settle();
      await opened.close();
      await lock.release();
    },
  };
}
