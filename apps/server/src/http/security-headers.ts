// Headers every answer carries, so a browser neither sniffs a stored file into something it runs
// nor keeps personal data in a cache: Hono's `secureHeaders` (nosniff, no framing, no referrer,
// ...), `Cache-Control: no-store` on every records and attachment answer, and HSTS only when the
// request came over TLS (over plain HTTP it means nothing, and an operator testing on
// `http://localhost` must not pin a name to HTTPS by accident).

import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.ts';

/** HSTS for a year; subdomains are the operator's business, so they are left out. */
const HSTS = 'max-age=31536000';

/** Paths whose answers hold records, attachments or their metadata. */
const STORAGE_PREFIX = '/v2/storage/';

/**
 * Makes the middlewares that set the security headers of every answer.
 *
 * @returns The middlewares, in order, for `app.use('*', ...)`.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv>[] {
  const cacheAndTransport: MiddlewareHandler<AppEnv> = async (context, next) => {
    await next();
    if (context.req.path.startsWith(STORAGE_PREFIX)) {
      context.res.headers.set('Cache-Control', 'no-store');
    }
    if (new URL(context.req.url).protocol === 'https:') {
      context.res.headers.set('Strict-Transport-Security', HSTS);
    }
  };
  return [secureHeaders({ strictTransportSecurity: false }), cacheAndTransport];
}
