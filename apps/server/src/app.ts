// The storage server as a Hono app: testable in-process with `app.request()`, served over a
// socket by `startServer`. Routes follow protocol.md §12.

import { randomUUID } from 'node:crypto';
import {
  ATTACHMENTS_PATH,
  COUNTRIES_PATH,
  HEALTHCHECK_PATH,
  RECORDS_PREFIX,
  TOKEN_PATH,
} from '@residency/protocol';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { getPathNoStrict } from 'hono/utils/url';
import { type AppOptions, type AppSettings, resolveAppSettings } from './app-options.ts';
import { auditRequests } from './audit/audit-middleware.ts';
import { addOperatorRoutes } from './audit/operator-routes.ts';
import { requireToken } from './auth/require-token.ts';
import { addTokenRoute } from './auth/token-route.ts';
import { countriesBody } from './config/countries.ts';
import type { AppEnv } from './http/app-env.ts';
import { createErrorHandler, createNotFoundHandler } from './http/error-handler.ts';
import { securityHeaders } from './http/security-headers.ts';
import { environmentGate } from './limits/environment-gate.ts';
import { bodyDeadline, uploadIdleTimeout } from './limits/request-deadlines.ts';
import { AppMetrics, RateLimitKind } from './observability/app-metrics.ts';
import { addHealthRoutes } from './observability/health-routes.ts';
import { addMetricsRoute } from './observability/metrics-route.ts';
import { observeRequests } from './observability/request-observer.ts';
import { addAttachmentRoutes } from './routes/attachment-routes.ts';
import { addRecordsRoutes } from './routes/records-routes.ts';

/** The headers a browser SDK sends to this server besides the simple ones. */
// User-Agent: the SDK names itself on every request; Firefox sends it and so asks for it in the
// preflight (Chromium drops it), and a preflight refusing it would fail every call.
const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'User-Agent',
  'x-env-id',
  'X-Encrypted-Storage',
];

/** The response headers a browser SDK reads: the download's name, size and type, the request id. */
const CORS_EXPOSED_HEADERS = [
  'Content-Disposition',
  'Content-Length',
  'Content-Type',
  'Retry-After',
  'x-inc-corr-id-resp',
];

function addMiddleware(app: Hono<AppEnv>, settings: AppSettings, metrics: AppMetrics): void {
  app.use('*', async (context, next) => {
    const requestId = randomUUID();
    context.set('requestId', requestId);
    settings.drain.enter();
    try {
      await next();
    } finally {
      settings.drain.leave();
    }
    context.header('x-inc-corr-id-resp', requestId);
    // Draining: the client's next request opens a new connection, to a server that takes it.
    if (settings.drain.draining) context.header('Connection', 'close');
  });
  app.use(
    '*',
    observeRequests({
      metrics,
      logger: settings.logger,
      countries: settings.countries.map(({ code }) => code),
    }),
  );
  app.use('*', ...securityHeaders());
  if (settings.corsOrigins.length > 0) {
    app.use(
      '*',
      cors({
        origin: [...settings.corsOrigins],
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: CORS_ALLOWED_HEADERS,
        exposeHeaders: CORS_EXPOSED_HEADERS,
        maxAge: 600,
      }),
    );
  }
}

// Attachment uploads (POST or PUT on …/attachments) get an idle timeout; every other body a
// deadline: short for the token route, longer for JSON.
function addDeadlines(app: Hono<AppEnv>, settings: AppSettings): void {
  const { limits } = settings;
  app.use(TOKEN_PATH, bodyDeadline(limits.tokenBodyTimeoutSeconds));
  const json = bodyDeadline(limits.jsonBodyTimeoutSeconds);
  const upload = uploadIdleTimeout(limits.uploadIdleTimeoutSeconds);
  app.use('/v2/storage/*', (context, next) =>
    context.req.path.endsWith(ATTACHMENTS_PATH) && context.req.method !== 'GET'
      ? upload(context, next)
      : json(context, next),
  );
}

/**
 * Creates the storage server's app.
 *
 * @param options The stores, environments, keys, served countries and limits.
 * @returns The Hono app; `app.request()` runs it in-process, `startServer` puts it on a socket.
 * @example
 * ```ts
 * const app = createApp({ stores, environments, keys, countries: DEFAULT_COUNTRIES });
 * const response = await app.request('/healthcheck');
 * ```
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const metrics = new AppMetrics(options.stores);
  const settings: AppSettings = {
    ...resolveAppSettings(options),
    onRefused: (kind) => metrics.refused(kind),
  };
  // Paths are matched without their trailing slash (Python joins `…/records/us` + `/` + `""`),
  // and without doubled leading slashes (Node joins `endpoint + "/" + path`, so an endpoint
  // ending in `/` yields `//v2`).
  const app = new Hono<AppEnv>({
    getPath: (request) => getPathNoStrict(request).replace(/^\/{2,}/, '/'),
  });
  addMiddleware(app, settings, metrics);
  app.onError(createErrorHandler(settings.logger));
  app.notFound(createNotFoundHandler());
  app.get(HEALTHCHECK_PATH, (context) => context.json({ result: 'ok' }));
  addHealthRoutes(app, settings.stores, settings.drain);
  addMetricsRoute(app, metrics, settings.metricsToken);
  app.get(COUNTRIES_PATH, (context) => context.json(countriesBody(settings.countries)));
  addDeadlines(app, settings);
  addTokenRoute(app, settings);
  app.use(
    `${RECORDS_PREFIX}/*`,
    requireToken(settings),
    environmentGate(settings.limits, () => settings.onRefused(RateLimitKind.ENVIRONMENT_GATE)),
  );
  if (settings.audit) app.use(`${RECORDS_PREFIX}/*`, auditRequests());
  addOperatorRoutes(app, settings);
  addRecordsRoutes(app, settings);
  addAttachmentRoutes(app, settings);
  return app;
}
