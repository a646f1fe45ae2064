// Copies of a server on PostgreSQL share everything but their keys' defaults: a key generated in
// one copy's data folder signs tokens the other copies refuse, and encrypts SSE records they
// cannot read. Such a start says so once, naming the settings to set.

import type { ServerConfig } from '../config/server-config.ts';
import type { Logger } from '../logger.ts';

/**
 * Warns, in one line, when a PostgreSQL server uses keys generated in its data folder.
 *
 * @param config The configuration.
 * @param logger Where the warning goes.
 * @returns Whether it warned.
 */
export function warnOfUnsharedKeys(config: ServerConfig, logger: Logger): boolean {
  if (config.backend !== 'postgres') return false;
  const generated = [
    config.tokenSigningKey === undefined && config.tokenSigningKeyFile === undefined
      ? 'RESIDENCY_TOKEN_SIGNING_KEY(_FILE)'
      : undefined,
    config.sseKey === undefined && config.sseKeyFile === undefined
      ? 'RESIDENCY_SSE_KEY(_FILE)'
      : undefined,
  ].filter((name) => name !== undefined);
  if (generated.length === 0) return false;
  logger.warn(
    `keys generated in the data folder: every copy of a PostgreSQL server must share them; set ${generated.join(' and ')}`,
  );
  return true;
}
