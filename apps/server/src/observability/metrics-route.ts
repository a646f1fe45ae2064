// `GET /metrics`: the app's registry in Prometheus text format. With a `metricsToken` the
// scraper must send `Authorization: Bearer <token>`; the token is compared as SHA-256 digests
// with `timingSafeEqual`, so neither its content nor its length shows in the answer's timing.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { AppMetrics } from './app-metrics.ts';

const TOKEN_RULE = 'must be "Bearer <metrics token>"';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function presented(header: string | undefined): string {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match === null ? '' : (match[1] as string);
}

/**
 * Adds `GET /metrics`.
 *
 * @param app The app.
 * @param metrics Its metrics.
 * @param token The bearer token scrapers must send; `undefined` lets anyone scrape.
 * @throws {ApiError} From the route: 401 when a token is set and the request lacks it.
 */
export function addMetricsRoute(
  app: Hono<AppEnv>,
  metrics: AppMetrics,
  token: string | undefined,
): void {
  const expected = token === undefined ? undefined : digest(token);
  app.get('/metrics', async (context) => {
    if (expected !== undefined) {
      const given = digest(presented(context.req.header('authorization')));
      if (!timingSafeEqual(given, expected)) throw ApiError.of(401, 'Authorization', TOKEN_RULE);
    }
    const text = await metrics.registry.metrics();
    return context.body(text, 200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
  });
}
