import type * as v from 'valibot';
import { throwIfAborted } from './abort.ts';
import { type EndpointDetails, normalizeCountry, resolveEndpoint } from './endpoint-resolver.ts';
import { parseJsonResponse, type ResponseSchema } from './parse-response.ts';
import { createTransportContext, retrying, sendPopRequest } from './pop-exchange.ts';
import {
  prepareRequest,
  type RawRequestOptions,
  type RawTransportResponse,
  type RequestOptions,
  type ResolveEndpointOptions,
  type TransportResponse,
} from './request-options.ts';
import { resolveTransportOptions, type TransportOptions } from './transport-options.ts';

/** The HTTP client of the storage API: endpoints, tokens, retries, timeouts, validation. */
export interface Transport {
  /**
   * Sends a request to the country's PoP and validates the JSON response with `schema`.
   *
   * @param options Country, method, path, body, schema, headers, signal.
   * @returns The validated body and the response info.
   * @throws {InputValidationError} Bad country code or custom header.
   * @throws {StorageCountryNotSupportedError} The country is not in the countries list.
   * @throws {StorageAuthenticationError} 401 after one token refresh, or a token-endpoint error.
   * @throws {StorageServerResponseValidationError} The body is not JSON or does not match.
   * @throws {StorageNetworkError} No HTTP answer: refused, DNS, timeout, abort.
   * @throws {StorageServerError} Any other HTTP status ≥ 400 (429/503 after the retries).
   */
  request<TSchema extends ResponseSchema>(
    options: RequestOptions<TSchema>,
  ): Promise<TransportResponse<v.InferOutput<TSchema>>>;
  /**
   * Sends a request like `request`, but returns the successful response with its body unread.
   *
   * @param options Country, method, path, body, headers, signal.
   * @returns The response and its info.
   * @throws The errors of `request`, except response validation.
   */
  requestRaw(options: RawRequestOptions): Promise<RawTransportResponse>;
  /**
   * Resolves host, audience, auth region and token endpoint for a country (protocol.md §1.3).
   *
   * @param country The country code.
   * @param options The signal.
   * @returns The endpoint details.
   * @throws {InputValidationError} Bad country code.
   * @throws {StorageCountryNotSupportedError} The country is not in the countries list.
   * @throws {StorageServerError} The countries list could not be fetched.
   */
  resolveEndpoint(country: string, options?: ResolveEndpointOptions): Promise<EndpointDetails>;
}

/**
 * Creates the transport: the storage layer's HTTP client.
 *
 * @param options Environment, credentials, endpoints, timeouts, retries, fetch, logger.
 * @returns The transport.
 * @throws {StorageConfigValidationError} An option is invalid (the field is named, never its value).
 *
 * @example
 * ```ts
 * import { createTransport } from '@residency/transport';
 * import * as v from 'valibot';
 *
 * const transport = createTransport({ environmentId: 'env', clientId: 'id', clientSecret: 'secret' });
 * const { data } = await transport.request({
 *   country: 'us',
 *   method: 'POST',
 *   path: '/find',
 *   json: { filter: {}, options: { limit: 10, offset: 0 } },
 *   schema: v.object({ data: v.array(v.unknown()) }),
 * });
 * ```
 */
export function createTransport(options: TransportOptions): Transport {
  const context = createTransportContext(resolveTransportOptions(options));
  const send = (requestOptions: RawRequestOptions) => {
    const prepared = prepareRequest(requestOptions);
    throwIfAborted(requestOptions.signal, prepared.description);
    return sendPopRequest(context, prepared);
  };
  return {
    async request(requestOptions) {
      const exchanged = await send(requestOptions);
      const data = await parseJsonResponse(exchanged, requestOptions.schema);
      return { data, info: exchanged.info };
    },
    async requestRaw(requestOptions) {
      const { response, info } = await send(requestOptions);
      return { response, info };
    },
    async resolveEndpoint(country, resolveOptions = {}) {
      const normalized = normalizeCountry(country);
      const { signal } = resolveOptions;
      const description = `Endpoint resolution for ${normalized.toUpperCase()}`;
      throwIfAborted(signal, description);
      const resolve = () =>
        resolveEndpoint(normalized, context.settings, context.countries, signal);
      return retrying(context, resolve, signal, description);
    },
  };
}
