// The public surface of @residency/transport: the HTTP client the storage layer uses.
// Left out on purpose: the countries cache, token provider and exchange helpers are internal;
// `createTransport` composes them and `resolveEndpoint` exposes what tests need.

export type { TransportDefaults } from './defaults.ts';
export { DEFAULT_TRANSPORT_OPTIONS } from './defaults.ts';
export type { EndpointDetails } from './endpoint-resolver.ts';
export { checkCustomHeaders } from './headers.ts';
export type { ExchangeKind, HttpResponseInfo, Logger } from './logger.ts';
export type { ResponseSchema } from './parse-response.ts';
export type {
  HttpMethod,
  RawRequestOptions,
  RawTransportResponse,
  RequestOptions,
  ResolveEndpointOptions,
  StreamBody,
  TransportResponse,
} from './request-options.ts';
export { isRetryableError, parseRetryAfter } from './retry.ts';
export type { Transport } from './transport.ts';
export { createTransport } from './transport.ts';
export type { TransportOptions } from './transport-options.ts';
export { joinUrl } from './url.ts';
