import ky, { isHTTPError, type Options } from 'ky';
import type { ExchangeKind, HttpResponseInfo, Logger } from './logger.ts';
import { describeExchange, type ExchangeContext, toStorageError } from './to-storage-error.ts';

/** What every exchange shares: from the transport options. */
export interface ExchangeSettings {
  /** Per-attempt timeout in milliseconds, until the response headers arrive. */
  readonly timeout: number;
  /** The injected `fetch`, or `undefined` for the global one at call time. */
  readonly fetch: typeof fetch | undefined;
  /** Receives one line per exchange. */
  readonly logger: Logger;
  /** Receives every response. */
  readonly onResponse: ((info: HttpResponseInfo) => void) | undefined;
}

/** One HTTP request, fully built. */
export interface ExchangeRequest {
  readonly kind: ExchangeKind;
  readonly method: string;
  /** The full URL, query included. */
  readonly url: string;
  /** How log lines and messages name the path; default the URL's path. */
  readonly pathLabel?: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON body; ky sets `Content-Type: application/json`. */
  readonly json?: unknown;
  /** A raw body (form, multipart, bytes); must be re-readable if the call may be retried. */
  readonly body?: BodyInit | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A successful exchange: the response, body unread, and what the caller may see of it. */
export interface Exchanged {
  readonly response: Response;
  readonly info: HttpResponseInfo;
  readonly context: ExchangeContext;
}

/**
 * Sends one request through ky, without ky's retries (the transport retries around whole
 * attempts, protocol.md §9.2), reports the response, and translates every failure.
 *
 * @param settings Timeout, fetch, logger.
 * @param request The request.
 * @returns The successful (2xx) response.
 * @throws {StorageServerError} Any failure, translated by `toStorageError`.
 */
export async function exchange(
  settings: ExchangeSettings,
  request: ExchangeRequest,
): Promise<Exchanged> {
  const context: ExchangeContext = {
    kind: request.kind,
    method: request.method,
    url: request.url,
    pathLabel: request.pathLabel,
    timeout: settings.timeout,
    signal: request.signal,
  };
  const started = Date.now();
  let response: Response;
  try {
    response = await ky(request.url, kyOptions(settings, request));
  } catch (error) {
    if (isHTTPError(error)) observe(settings, context, error.response, started);
    else {
      settings.logger.warn(`${describeExchange(context)} got no HTTP response`, {
        kind: context.kind,
        durationMs: Date.now() - started,
      });
    }
    throw await toStorageError(error, context);
  }
  // Outside the try: a throwing logger or `onResponse` must not pass for a network error.
  return { response, info: observe(settings, context, response, started), context };
}

/**
 * Reads a response body as text, translating a failure while reading (connection lost,
 * abort) like any other.
 *
 * @param exchanged The exchange.
 * @returns The body text.
 * @throws {StorageNetworkError} The body could not be read.
 */
export async function readBodyText(exchanged: Exchanged): Promise<string> {
  try {
    return await exchanged.response.text();
  } catch (error) {
    throw await toStorageError(error, exchanged.context);
  }
}

function kyOptions(settings: ExchangeSettings, request: ExchangeRequest): Options {
  const options: Options = {
    method: request.method,
    headers: request.headers,
    retry: 0,
    timeout: settings.timeout,
    throwHttpErrors: true,
  };
  if (request.json !== undefined) options.json = request.json;
  if (request.body !== undefined) options.body = request.body;
  if (request.signal !== undefined) options.signal = request.signal;
  if (settings.fetch !== undefined) options.fetch = settings.fetch;
  return options;
}

function observe(
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
  // Method, path, status and duration only: no query, no headers, no body.
  settings.logger.debug(`${describeExchange(context)} ${response.status} (${durationMs} ms)`, {
    kind: context.kind,
    method: context.method,
    status: response.status,
    durationMs,
  });
  settings.onResponse?.(info);
  return info;
}
