// The configured backend: one PGlite database under the data folder (the default), or
// PostgreSQL — one URL with a schema per country, or a URL per country. Every served country is
// opened here, before the server listens.

import type { ServerConfig } from '../config/server-config.ts';
import type { Logger } from '../logger.ts';
import { createPgliteStores, createPostgresStores, type StoreProvider } from '../store/index.ts';

/**
 * Opens the stores a configuration names, every served country at once.
 *
 * @param config The server configuration.
 * @param logger Told about one-time work: the PGlite template built, an old data folder upgraded.
 * @returns The store provider.
 * @throws {Error} The data folder is in use or cannot be upgraded, or a country's database cannot
 *   be opened (the message names the country).
 */
export function openConfiguredStores(
  config: ServerConfig,
  logger?: Logger | undefined,
): Promise<StoreProvider> {
  const countries = config.countries.map(({ code }) => code);
  if (config.backend === 'postgres') {
    if (config.postgresUrls !== undefined) {
      return createPostgresStores({ urls: config.postgresUrls, countries });
    }
    return createPostgresStores({ url: config.postgresUrl as string, countries });
  }
  return createPgliteStores({
    dataDir: config.dataDir,
    countries,
    log: (line) => logger?.info(line),
  });
}
