// The middleware that watches every request: counts it in flight, and once answered records its
// metrics and writes its log line (when the logger writes request lines). Labels come from
// route-labels.ts only: no path, query, header or body is ever read into a metric or a line.

import { HEALTHCHECK_PATH } from '@residency/protocol';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import type { Logger } from '../logger.ts';
import type { AppMetrics } from './app-metrics.ts';
import { methodLabel, NO_COUNTRY, routeTemplate, servedCountry } from './route-labels.ts';

/** Routes answered to machines every few seconds: counted, but no log line of their own. */
const UNLOGGED_ROUTES = new Set(['/livez', '/readyz', '/metrics', HEALTHCHECK_PATH]);

/** What `observeRequests` needs. */
export interface RequestObserverOptions {
  readonly metrics: AppMetrics;
  readonly logger: Logger;
  /** The served countries (lowercase codes). */
  readonly countries: readonly string[];
}

/**
 * Makes the observing middleware; it must run after the one that sets `requestId`.
 *
 * @param options The metrics, the logger and the served countries.
 * @returns The middleware.
 */
export function observeRequests(options: RequestObserverOptions): MiddlewareHandler<AppEnv> {
  const served = new Set(options.countries);
  return async (context, next) => {
    const started = performance.now();
    options.metrics.requestStarted();
    try {
      await next();
    } finally {
      const durationMs = performance.now() - started;
      const route = routeTemplate(context);
      const country = servedCountry(context, route, served);
      const method = methodLabel(context.req.method);
      const status = context.res.status;
      options.metrics.requestEnded({
        method,
        route,
        country: country ?? NO_COUNTRY,
        status,
        durationSeconds: durationMs / 1000,
      });
      if (!UNLOGGED_ROUTES.has(route)) {
        options.logger.request?.({
          requestId: context.get('requestId'),
          method,
          route,
          country,
          environmentId: context.get('claims')?.environmentId,
          status,
          durationMs,
        });
      }
    }
  };
}
