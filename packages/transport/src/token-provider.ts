import { StorageAuthenticationError } from '@residency/errors';
import { TokenResponseSchema } from '@residency/protocol';
import { untilAborted } from './abort.ts';
import type { EndpointDetails } from './endpoint-resolver.ts';
import { exchange } from './exchange.ts';
import type { ExchangeSettings } from './exchange-types.ts';
import { parseJsonResponse } from './parse-response.ts';
import type { ResolvedTransportOptions } from './transport-options.ts';

/** Options of one token look-up. */
export interface TokenRequestOptions {
  /** Stops this caller's wait; a shared fetch goes on for the others. */
  readonly signal: AbortSignal | undefined;
  /** A token the PoP refused with 401: a different one is wanted (forced refresh). */
  readonly replacing?: string;
}

/** Hands out bearer tokens for PoP requests. */
export interface TokenProvider {
  /**
   * Gets a token for the endpoint's audience.
   *
   * @param endpoint The resolved endpoint: audience and token endpoint.
   * @param options Signal, and the refused token for a forced refresh.
   * @returns The bearer token.
   * @throws {StorageAuthenticationError} The token endpoint refused or sent a bad response.
   * @throws {StorageNetworkError} The token endpoint could not be reached.
   */
  token(endpoint: EndpointDetails, options: TokenRequestOptions): Promise<string>;
}

/**
 * Creates the token provider of the options: a static token used verbatim (also after a 401,
 * as both seeds retry with the same token), or OAuth2 client credentials.
 *
 * @param options The resolved transport options: the credentials, and how to send the request.
 * @returns The provider.
 */
export function createTokenProvider(options: ResolvedTransportOptions): TokenProvider {
  const { auth } = options;
  if (auth.kind === 'static') return { token: async () => auth.token };
  const credentials = basicCredentials(auth.clientId, auth.clientSecret);
  return createOAuthProvider((endpoint) =>
    fetchToken(endpoint, { ...options, credentials }, options),
  );
}

interface CachedToken {
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * Caches tokens per audience (protocol.md §2.4) and makes concurrent look-ups for one
 * audience share a single request. A cached token is used while `now < expiresAt` and it is
 * not the token being replaced; a forced refresh that finds a newer token (another caller
 * already refreshed) uses it instead of asking again.
 */
function createOAuthProvider(
  fetchOne: (endpoint: EndpointDetails) => Promise<CachedToken>,
): TokenProvider {
  const cache = new Map<string, CachedToken>();
  const inflight = new Map<string, Promise<string>>();

  function start(endpoint: EndpointDetails): Promise<string> {
    const { audience } = endpoint;
    const flight = fetchOne(endpoint)
      .then((fetched) => {
        cache.set(audience, fetched);
        return fetched.token;
      })
      .finally(() => inflight.delete(audience));
    // Waiters may all have been aborted; the shared failure must not go unhandled.
    flight.catch(() => undefined);
    inflight.set(audience, flight);
    return flight;
  }

  return {
    token(endpoint, options) {
      const cached = cache.get(endpoint.audience);
      if (
        cached !== undefined &&
        Date.now() < cached.expiresAt &&
        cached.token !== options.replacing
      ) {
        return Promise.resolve(cached.token);
      }
      const flight = inflight.get(endpoint.audience) ?? start(endpoint);
      return untilAborted(flight, options.signal, 'Token request');
    },
  };
}

type TokenRequestSettings = Pick<ResolvedTransportOptions, 'environmentId' | 'userAgent'> & {
  /** `base64(clientId:clientSecret)`, the Basic credentials. */
  readonly credentials: string;
};

async function fetchToken(
  endpoint: EndpointDetails,
  options: TokenRequestSettings,
  settings: ExchangeSettings,
): Promise<CachedToken> {
  // Expiry counts from the request, so a slow answer never makes a token outlive its lifetime.
  const started = Date.now();
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: options.environmentId,
    audience: endpoint.audience,
  });
  const exchanged = await exchange(settings, {
    kind: 'token',
    method: 'POST',
    url: endpoint.authEndpoint,
    headers: {
      authorization: `Basic ${options.credentials}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'user-agent': options.userAgent,
    },
    body: form.toString(),
  });
  const parsed = await parseJsonResponse(
    exchanged,
    TokenResponseSchema,
    StorageAuthenticationError,
  );
  settings.logger.info(`Token fetched for audience ${endpoint.audience}`, {
    audience: endpoint.audience,
    expiresIn: parsed.expires_in,
  });
  return { token: parsed.access_token, expiresAt: started + parsed.expires_in * 1000 };
}

/** `base64(clientId + ":" + clientSecret)` of the UTF-8 bytes, with web globals only. */
function basicCredentials(clientId: string, clientSecret: string): string {
  const bytes = new TextEncoder().encode(`${clientId}:${clientSecret}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
