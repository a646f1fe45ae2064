// The labels metrics and request logs may carry about a request, each from a closed set: the
// method (known ones, else OTHER), the route TEMPLATE Hono matched (never the concrete path: in
// SSE mode a path holds a raw record key), and the country when the path names a served one.
// A label never holds a submitted value, so neither a log nor a time series can leak one, and
// a client cannot grow the number of series by inventing paths.

import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/** The route label of a request no route matched (404), or a preflight CORS answered. */
const NO_ROUTE = 'none';

/** The country label of a request that names no served country. */
export const NO_COUNTRY = 'none';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The method as a label.
 *
 * @param method The request's method.
 * @returns The method when it is a standard one, else `OTHER`.
 */
export function methodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'OTHER';
}

/**
 * The route template of the handler a request matched; middleware (`app.use`, method ALL)
 * does not count.
 *
 * @param context The request's context, after the routes ran.
 * @returns The template, e.g. `/v2/storage/records/:country/find`, or `NO_ROUTE`.
 */
export function routeTemplate(context: Context): string {
  const route = matchedRoutes(context).find(({ method }) => method !== 'ALL');
  return route?.path ?? NO_ROUTE;
}

/**
 * The served country a request's path names, read at the place of `:country` in its template.
 *
 * @param context The request's context.
 * @param template Its route template.
 * @param served The served countries (lowercase codes).
 * @returns The lowercase code, or `undefined` when the route has no country or the path names
 *   one not served (that would be a submitted value).
 */
export function servedCountry(
  context: Context,
  template: string,
  served: ReadonlySet<string>,
): string | undefined {
  const index = template.split('/').indexOf(':country');
  if (index < 0) return undefined;
  const segment = context.req.path.split('/')[index]?.toLowerCase();
  return segment !== undefined && served.has(segment) ? segment : undefined;
}
