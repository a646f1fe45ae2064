import {
  isStorageError,
  StorageAuthenticationError,
  StorageCountryNotSupportedError,
  type StorageError,
  StorageNetworkError,
  StorageServerError,
  type StorageServerErrorOptions,
} from '@residency/errors';
import { isHTTPError, isTimeoutError } from 'ky';
import * as v from 'valibot';
import { abortedError } from './abort.ts';
import type { ExchangeContext } from './exchange-types.ts';
import { rememberRetryAfter } from './retry.ts';

/** `{"errors":[{"title","source","detail"}]}`, the PoP error body (protocol.md §3). */
const PopErrorBodySchema = v.object({
  errors: v.array(
    v.object({
      source: v.optional(v.nullable(v.string())),
      detail: v.optional(v.nullable(v.string())),
    }),
  ),
});

/** `{"error","error_description","error_hint"?}`, the OAuth error body (protocol.md §2.3). */
const OAuthErrorBodySchema = v.object({
  error: v.string(),
  error_description: v.optional(v.nullable(v.string())),
  error_hint: v.optional(v.nullable(v.string())),
});

/** Common reason phrases, for servers (and HTTP/2) that send no status text. */
const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Names an exchange for messages: the method and path for the PoP (a record key in it is a
 * hash, or hidden behind the caller's `pathLabel`), the endpoint without credentials or query for the token and countries calls.
 *
 * @param context The exchange.
 * @returns e.g. `POST /v2/storage/records/us/find` or `Countries provider request to https://…`.
 */
export function describeExchange(
  context: Pick<ExchangeContext, 'kind' | 'method' | 'url' | 'pathLabel'>,
): string {
  const url = new URL(context.url);
  if (context.kind === 'pop') return `${context.method} ${context.pathLabel ?? url.pathname}`;
  const what = context.kind === 'token' ? 'Token request' : 'Countries provider request';
  return `${what} to ${url.origin}${url.pathname}`;
}

/**
 * Translates whatever an HTTP exchange threw into the error tree: the one place where ky's
 * `HTTPError` and `TimeoutError`, fetch's `TypeError` and abort errors are met
 * (style.md §9). ky's errors are never kept as `cause`: they hold the request, whose
 * `Authorization` header carries a token or the client secret.
 *
 * - caller's signal aborted → `StorageNetworkError` "… was aborted", cause = the reason
 * - ky `TimeoutError` → `StorageNetworkError` "… timed out after N ms"
 * - ky `HTTPError` → `StorageServerError` with status, request id and detail;
 *   `StorageAuthenticationError` for any token-endpoint failure and for a PoP 401;
 *   `StorageCountryNotSupportedError` for a PoP 404 whose error body names the `country`
 *   (the server does not serve it), so it reads apart from a missing record
 * - a redirect fetch refused (`redirect: 'error'`) → `StorageNetworkError` "… answered with a
 *   redirect, which the SDK never follows", cause kept
 * - anything else (fetch's `TypeError`: refused, DNS, TLS) → `StorageNetworkError`, cause kept
 *
 * @param error What the exchange threw.
 * @param context The exchange, for the message.
 * @returns The error to throw.
 */
export async function toStorageError(
  error: unknown,
  context: ExchangeContext,
): Promise<StorageError> {
  if (isStorageError(error)) return error;
  const description = describeExchange(context);
  if (context.signal?.aborted) return abortedError(description, context.signal);
  if (isTimeoutError(error)) {
    return new StorageNetworkError(`${description} timed out after ${context.timeout} ms`);
  }
  if (isHTTPError(error)) return httpError(error.response, context, description);
  if (isRedirectRefusal(error)) {
    return new StorageNetworkError(
      `${description} failed: the server answered with a redirect, which the SDK never follows`,
      { cause: error },
    );
  }
  return new StorageNetworkError(`${description} failed: no HTTP response (network error)`, {
    cause: error,
  });
}

/** What fetch reports when `redirect: 'error'` meets a 3xx: undici's and msw's wording. */
const UNEXPECTED_REDIRECT = 'unexpected redirect';

/**
 * Tells whether fetch failed because it refused to follow a redirect (`redirect: 'error'`).
 * Node's undici says so in the `TypeError`'s `cause` (an `Error`; msw, a string); browsers give
 * a bare `TypeError`, which stays a plain network error.
 *
 * @param error What fetch threw.
 * @returns `true` for a refused redirect.
 */
function isRedirectRefusal(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const cause: unknown = error.cause;
  if (cause === UNEXPECTED_REDIRECT) return true;
  return cause instanceof Error && cause.message === UNEXPECTED_REDIRECT;
}

/**
 * Translates an HTTP error response met without ky (a streamed upload) exactly as
 * `toStorageError` translates ky's `HTTPError` of the same response.
 *
 * @param response The error response; its body is read for the detail.
 * @param context The exchange, for the message.
 * @returns The error to throw.
 */
export function httpResponseError(
  response: Response,
  context: ExchangeContext,
): Promise<StorageServerError> {
  return httpError(response, context, describeExchange(context));
}

async function httpError(
  response: Response,
  context: ExchangeContext,
  description: string,
): Promise<StorageServerError> {
  const body = await readErrorBody(response);
  const statusLine = `${response.status} ${response.statusText || REASONS[response.status] || ''}`;
  let error: StorageServerError;
  if (context.kind === 'token') {
    const oauth = v.safeParse(OAuthErrorBodySchema, body);
    const code = oauth.success ? ` (${oauth.output.error})` : '';
    const detail = oauth.success
      ? [oauth.output.error, oauth.output.error_description, oauth.output.error_hint]
          .filter(Boolean)
          .join(': ')
      : undefined;
    const options = responseErrorOptions(response, detail);
    error = new StorageAuthenticationError(
      `${description} failed: ${statusLine.trim()}${code}`,
      options,
    );
  } else {
    error = popError(response, context, `${description} failed: ${statusLine.trim()}`, body);
  }
  rememberRetryAfter(error, response.headers.get('retry-after'));
  return error;
}

/** A PoP (or countries-list) error response as its class: 401, an unserved country, the rest. */
function popError(
  response: Response,
  context: ExchangeContext,
  message: string,
  body: unknown,
): StorageServerError {
  const options = responseErrorOptions(response, popErrorDetail(body));
  if (context.kind !== 'pop') return new StorageServerError(message, options);
  if (response.status === 401) return new StorageAuthenticationError(message, options);
  if (response.status === 404 && namesSource(body, 'country')) {
    return new StorageCountryNotSupportedError(
      `${message}: the server does not serve this country`,
      options,
    );
  }
  return new StorageServerError(message, options);
}

/**
 * The `status`, `requestId` and `detail` of a response, for any `StorageServerError`.
 *
 * @param response The response.
 * @param detail The server's explanation, if any.
 * @returns Options with only the known fields set.
 */
export function responseErrorOptions(
  response: Response,
  detail?: string | undefined,
): StorageServerErrorOptions {
  const options: StorageServerErrorOptions = { status: response.status };
  const requestId =
    response.headers.get('x-inc-corr-id-resp') ?? response.headers.get('x-request-id');
  if (requestId !== null) options.requestId = requestId;
  if (detail !== undefined && detail !== '') options.detail = detail;
  return options;
}

async function readErrorBody(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
  } catch {
    // An error body that is not JSON (or cannot be read) just gives no detail.
    return undefined;
  }
}

function popErrorDetail(body: unknown): string | undefined {
  const parsed = v.safeParse(PopErrorBodySchema, body);
  if (!parsed.success) return undefined;
  const details = parsed.output.errors.map((entry) => entry.detail).filter(Boolean);
  return details.length > 0 ? details.join('; ') : undefined;
}

/** Whether an error entry of a PoP error body names `source` (protocol.md §3). */
function namesSource(body: unknown, source: string): boolean {
  const parsed = v.safeParse(PopErrorBodySchema, body);
  return parsed.success && parsed.output.errors.some((entry) => entry.source === source);
}
