// The configured backend: PGlite databases under the data folder (the default), or PostgreSQL —
// one URL with a schema per country, or a URL per country.

import type { ServerConfig } from '../config/server-config.ts';
import { createPgliteStores, createPostgresStores, type StoreProvider } from '../store/index.ts';

/**
 * Opens the stores a configuration names (countries open lazily, on first use).
 *
 * @param config The server configuration.
 * @returns The store provider.
 * @throws {Error} The data folder cannot be created.
 */
export function openConfiguredStores(config: ServerConfig): Promise<StoreProvider> {
  if (config.backend === 'postgres') {
    if (config.postgresUrls !== undefined)
      return createPostgresStores({ urls: config.postgresUrls });
    return createPostgresStores({ url: config.postgresUrl as string });
  }
  return createPgliteStores({ dataDir: config.dataDir });
}
