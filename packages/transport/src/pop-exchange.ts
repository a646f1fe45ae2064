import { StorageAuthenticationError } from '@residency/errors';
import { type CountriesCache, createCountriesCache } from './countries-cache.ts';
import { resolveEndpoint } from './endpoint-resolver.ts';
import { type Exchanged, type ExchangeSettings, exchange } from './exchange.ts';
import { popHeaders } from './headers.ts';
import { type Logger, SILENT_LOGGER } from './logger.ts';
import type { PreparedRequest } from './request-options.ts';
import { withRetry } from './retry.ts';
import { createTokenProvider, type TokenProvider } from './token-provider.ts';
import type { ResolvedTransportOptions } from './transport-options.ts';
import { joinUrl, withSearchParams } from './url.ts';

/** What one transport shares between its requests: options, caches and the logger. */
export interface TransportContext {
  readonly settings: ResolvedTransportOptions;
  readonly logger: Logger;
  readonly exchange: ExchangeSettings;
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
  const logger = settings.logger ?? SILENT_LOGGER;
  const exchangeSettings: ExchangeSettings = {
    timeout: settings.timeout,
    fetch: settings.fetch,
    logger,
    onResponse: settings.onResponse,
  };
  return {
    settings,
    logger,
    exchange: exchangeSettings,
    countries: createCountriesCache({
      url: settings.countriesEndpoint,
      ttl: settings.countriesCacheTtl,
      exchange: exchangeSettings,
    }),
    tokens: createTokenProvider(settings, exchangeSettings),
  };
}

/**
 * Runs an operation with the transport's retry policy (429/503, protocol.md §9.2).
 *
 * @param context The transport context.
 * @param operation One attempt.
 * @param signal Aborts the waits.
 * @param description What is retried, for the abort error.
 * @returns The first successful result.
 */
export function retrying<T>(
  context: TransportContext,
  operation: () => Promise<T>,
  signal: AbortSignal | undefined,
  description: string,
): Promise<T> {
  return withRetry(operation, {
    baseDelay: context.settings.retryBaseDelay,
    maxDelay: context.settings.retryMaxDelay,
    signal,
    description,
    logger: context.logger,
  });
}

/**
 * Sends a PoP request with retries. Each attempt resolves the endpoint (countries list),
 * gets a token, sends, and on a 401 refreshes the token once and sends again
 * (protocol.md §2.4); a 429/503 anywhere in the attempt retries the whole attempt, as
 * Python wraps the countries look-up and token fetch with the request.
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
  return retrying(context, () => attempt(context, prepared), signal, prepared.description);
}

async function attempt(context: TransportContext, prepared: PreparedRequest): Promise<Exchanged> {
  const { options } = prepared;
  const { settings } = context;
  const endpoint = await resolveEndpoint(
    prepared.country,
    settings,
    context.countries,
    options.signal,
  );
  const url = withSearchParams(joinUrl(endpoint.host, prepared.path), options.searchParams);
  const send = (token: string) =>
    exchange(context.exchange, {
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
      signal: options.signal,
    });
  const token = await context.tokens.token(endpoint, { signal: options.signal });
  try {
    return await send(token);
  } catch (error) {
    if (!(error instanceof StorageAuthenticationError)) throw error;
    context.logger.warn(`${error.message}; refreshing the token once`, { status: error.status });
  }
  return send(await context.tokens.token(endpoint, { signal: options.signal, replacing: token }));
}
