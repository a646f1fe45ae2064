// A server reachable from other machines builds its download links from each request's `Host`
// header unless `publicUrl` says where clients reach it; any client can put any name there. On
// this machine alone that is harmless, beyond it the operator should say the URL.

import { isIP } from 'node:net';
import type { Logger } from '../logger.ts';

/**
 * Tells whether a listening address is this machine only: `localhost`, 127.0.0.0/8 or `::1`.
 *
 * @param host The `--host` value.
 * @returns `true` for a loopback address.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Warns, once at start, when the server listens beyond loopback without `publicUrl`.
 *
 * @param config The host it listens on and its `publicUrl`.
 * @param logger Where the warning goes.
 * @returns `true` when it warned.
 */
export function warnWithoutPublicUrl(
  config: { readonly host: string; readonly publicUrl?: string | undefined },
  logger: Logger,
): boolean {
  if (config.publicUrl !== undefined || isLoopbackHost(config.host)) return false;
  logger.warn(
    'listening beyond this machine without publicUrl: download links name whatever host a ' +
      'request says; set --public-url (RESIDENCY_PUBLIC_URL) to the URL clients reach',
  );
  return true;
}
