import type { ExchangeContext, ExchangeSettings } from './exchange-types.ts';
import type { HttpResponseInfo } from './logger.ts';
import { describeExchange } from './to-storage-error.ts';

/**
 * Reports a response: one debug line (method, path, status, duration: no query, no headers, no
 * body) and the caller's `onResponse`.
 *
 * @param settings The logger and `onResponse`.
 * @param context The exchange.
 * @param response The response, body unread.
 * @param started When the exchange started, in milliseconds since the epoch.
 * @returns What the caller may see of the response.
 */
export function observeResponse(
  settings: ExchangeSettings,
  context: ExchangeContext,
  response: Response,
  started: number,
): HttpResponseInfo {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const info: HttpResponseInfo = {
    kind: context.kind,
    method: context.method,
    url: context.url,
    status: response.status,
    statusText: response.statusText,
    headers,
  };
  const durationMs = Date.now() - started;
  settings.logger.debug(`${describeExchange(context)} ${response.status} (${durationMs} ms)`, {
    kind: context.kind,
    method: context.method,
    status: response.status,
    durationMs,
  });
  settings.onResponse?.(info);
  return info;
}

/**
 * Logs an exchange that got no HTTP answer (refused, DNS, timeout, abort).
 *
 * @param settings The logger.
 * @param context The exchange.
 * @param started When the exchange started, in milliseconds since the epoch.
 */
export function observeNoResponse(
  settings: ExchangeSettings,
  context: ExchangeContext,
  started: number,
): void {
  settings.logger.warn(`${describeExchange(context)} got no HTTP response`, {
    kind: context.kind,
    durationMs: Date.now() - started,
  });
}
