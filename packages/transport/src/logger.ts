/**
 * Receives the transport's log lines: method, URL path, status and duration of each call,
 * retries and token refreshes. Never bodies, tokens, secrets or header values. `console`
 * fits.
 */
export interface Logger {
  /** One line per HTTP exchange. */
  debug(message: string, meta?: Record<string, unknown>): void;
  /** A token was fetched or the countries list was refreshed. */
  info(message: string, meta?: Record<string, unknown>): void;
  /** A retry, a token refresh after 401, or an exchange that got no HTTP answer. */
  warn(message: string, meta?: Record<string, unknown>): void;
  /** Reserved for failures the caller cannot see otherwise; the transport throws instead. */
  error(message: string, meta?: Record<string, unknown>): void;
}

/** Which server an HTTP exchange went to. */
export type ExchangeKind = 'pop' | 'token' | 'countries';

/** What the caller may see of one HTTP response: the facade's `debug` exposes it. */
export interface HttpResponseInfo {
  /** `pop` for the storage API, `token` for the OAuth endpoint, `countries` for the list. */
  readonly kind: ExchangeKind;
  /** The request method, upper case. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** The HTTP status. */
  readonly status: number;
  /** The status text, often empty over HTTP/2. */
  readonly statusText: string;
  /** The response headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A logger that drops everything: the default. */
export const SILENT_LOGGER: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
