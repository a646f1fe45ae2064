import { stringifyJson } from '@residency/protocol';
import ky, { isHTTPError, type Options } from 'ky';
import type {
  ExchangeContext,
  Exchanged,
  ExchangeRequest,
  ExchangeSettings,
} from './exchange-types.ts';
import { observeNoResponse, observeResponse } from './observe-response.ts';
import { exchangeStream } from './stream-exchange.ts';
import { toStorageError } from './to-storage-error.ts';

/**
 * Sends one request through ky, without ky's retries (the transport retries around whole
 * attempts, protocol.md §9.2), reports the response, and translates every failure.
 *
 * A streamed body goes through `exchangeStream` instead (fetch itself, no buffering).
 *
 * @param settings Timeout, fetch, logger.
 * @param request The request.
 * @returns The successful (2xx) response, or one with a status of `acceptStatuses`.
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
  if (request.stream !== undefined) return exchangeStream(settings, request, context);
  const started = Date.now();
  let response: Response;
  try {
    response = await ky(request.url, kyOptions(settings, request));
  } catch (error) {
    if (isHTTPError(error)) observeResponse(settings, context, error.response, started);
    else observeNoResponse(settings, context, started);
    throw await toStorageError(error, context);
  }
  // Outside the try: a throwing logger or `onResponse` must not pass for a network error.
  return { response, info: observeResponse(settings, context, response, started), context };
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
    // Never follow a redirect: fetch would re-send the request, body and headers included
    // (records, plaintext in SSE mode; the client secret of a token request), to wherever the
    // answer points. No storage API, token endpoint or countries list redirects.
    redirect: 'error',
    throwHttpErrors: isThrownStatus(request.acceptStatuses),
  };
  if (request.json !== undefined) {
    options.json = request.json;
    // A range key may be a bigint (signed 64-bit, protocol.md §5.1): written as its bare digits,
    // where JSON.stringify would throw. Values without one go through JSON.stringify itself.
    options.stringifyJson = stringifyJson;
  }
  if (request.body !== undefined) options.body = request.body;
  if (request.signal !== undefined) options.signal = request.signal;
  if (settings.fetch !== undefined) options.fetch = settings.fetch;
  return options;
}

/**
 * Tells which error statuses fail an exchange: all of them, but those the caller accepts.
 *
 * @param acceptStatuses The statuses the caller reads itself.
 * @returns ky's `throwHttpErrors`.
 */
function isThrownStatus(
  acceptStatuses: readonly number[] | undefined,
): boolean | ((status: number) => boolean) {
  if (acceptStatuses === undefined || acceptStatuses.length === 0) return true;
  return (status) => !acceptStatuses.includes(status);
}
