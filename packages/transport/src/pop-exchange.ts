import { StorageAuthenticationError } from '@residency/errors';
import { type CountriesCache, createCountriesCache } from './countries-cache.ts';
import { resolveEndpoint } from './endpoint-resolver.ts';
import { exchange } from './exchange.ts';
import type { Exchanged, OpenedStream } from './exchange-types.ts';
import { popHeaders } from './headers.ts';
import type { PreparedRequest, StreamBody } from './request-options.ts';
import { withRetry } from './retry.ts';
import { isResetIdempotentRequest } from './stale-connection.ts';
import { createTokenProvider, type TokenProvider } from './token-provider.ts';
import type { ResolvedTransportOptions } from './transport-options.ts';
import { joinUrl, withSearchParams } from './url.ts';

/**
 * What one transport shares between its requests: its options (which every exchange reads
 * directly, as `ExchangeSettings` is a `Pick` of them) and the caches built from them.
 */
export interface TransportContext {
  readonly settings: ResolvedTransportOptions;
  readonly countries: CountriesCache;
  readonly tokens: TokenProvider;
}

/**
 * Builds the shared state of a transport: the countries cache and the token provider.
 *
 * @param settings The resolved options.
 * @returns The context.
 */
export function createTransportContext(settings: ResolvedTransportOptions): TransportContext {
  return {
    settings,
    countries: createCountriesCache({
      url: settings.countriesEndpoint,
      ttl: settings.countriesCacheTtl,
      exchange: settings,
    }),
    tokens: createTokenProvider(settings),
  };
}

/**
 * Runs an operation with the transport's retry policy (429/503, protocol.md §9.2).
 *
 * @param context The transport context.
 * @param operation One attempt.
 * @param signal Aborts the waits.
 * @param description What is retried, for the abort error.
 * @param canRetry Whether another attempt is possible at all; default yes.
 * @returns The first successful result.
 */
export function retrying<T>(
  context: TransportContext,
  operation: () => Promise<T>,
  signal: AbortSignal | undefined,
  description: string,
  canRetry?: () => boolean,
): Promise<T> {
  return withRetry(operation, context.settings, { signal, description, canRetry });
}

/** Opens a request's streamed body once per send, and knows whether it can be sent again. */
interface BodyGate {
  /** `false` once a one-shot stream was opened: the request cannot be sent again. */
  readonly canSend: () => boolean;
  /** Opens the stream for one send; `undefined` without a streamed body. */
  readonly open: () => OpenedStream | undefined;
}

function bodyGate(stream: StreamBody | undefined): BodyGate {
  let opened = false;
  return {
    canSend: () => stream === undefined || stream.replayable || !opened,
    open: () => {
      if (stream === undefined) return undefined;
      opened = true;
      return { body: stream.open(), contentType: stream.contentType };
    },
  };
}

/**
 * Sends a PoP request with retries. Each attempt resolves the endpoint (countries list),
 * gets a token, sends, and on a 401 refreshes the token once and sends again
 * (protocol.md §2.4); a 429/503 anywhere in the attempt retries the whole attempt, as
 * Python wraps the countries look-up and token fetch with the request. A streamed body that
 * can be read once is neither retried nor re-sent after a 401 once it was opened.
 *
 * @param context The transport context.
 * @param prepared The checked request.
 * @returns The successful exchange.
 */
export function sendPopRequest(
  context: TransportContext,
  prepared: PreparedRequest,
): Promise<Exchanged> {
  const { signal } = prepared.options;
  const gate = bodyGate(prepared.options.stream);
  const once = () => attempt(context, prepared, gate);
  return retrying(context, once, signal, prepared.description, gate.canSend);
}

/**
 * Sends the request with a token; once more at once when an idempotent request met a
 * connection the server had closed (stale-connection.ts).
 */
async function sendWith(
  context: TransportContext,
  prepared: PreparedRequest,
  url: string,
  token: string,
  gate: BodyGate,
): Promise<Exchanged> {
  try {
    return await sendOnce(context, prepared, url, token, gate);
  } catch (error) {
    if (!isResetIdempotentRequest(prepared.options.method, error) || !gate.canSend()) throw error;
    context.settings.logger.warn(
      `${(error as Error).message}; the connection was reset, sending once more`,
    );
  }
  return sendOnce(context, prepared, url, token, gate);
}

/** Builds and sends the request once, with a token, opening the body for this send. */
function sendOnce(
  context: TransportContext,
  prepared: PreparedRequest,
  url: string,
  token: string,
  gate: BodyGate,
): Promise<Exchanged> {
  const { options } = prepared;
  const { settings } = context;
  return exchange(settings, {
    kind: 'pop',
    method: options.method,
    url,
    pathLabel: prepared.pathLabel,
    headers: popHeaders({
      token,
      environmentId: settings.environmentId,
      userAgent: settings.userAgent,
      encryptedStorage: options.encryptedStorage === true,
      custom: prepared.custom,
    }),
    json: options.json,
    body: options.body,
    stream: gate.open(),
    acceptStatuses: options.acceptStatuses,
    signal: options.signal,
  });
}

async function attempt(
  context: TransportContext,
  prepared: PreparedRequest,
  gate: BodyGate,
): Promise<Exchanged> {
  const { options } = prepared;
  const { signal } = options;
  const endpoint = await resolveEndpoint(
    prepared.country,
    context.settings,
    context.countries,
    signal,
  );
  const url = withSearchParams(joinUrl(endpoint.host, prepared.path), options.searchParams);
  const token = await context.tokens.token(endpoint, { signal });
  try {
    return await sendWith(context, prepared, url, token, gate);
  } catch (error) {
    if (!(error instanceof StorageAuthenticationError) || !gate.canSend()) throw error;
    context.settings.logger.warn(`${error.message}; refreshing the token once`, {
      status: error.status,
    });
  }
  const refreshed = await context.tokens.token(endpoint, { signal, replacing: token });
  return sendWith(context, prepared, url, refreshed, gate);
}
