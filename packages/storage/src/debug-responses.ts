// The `debug` mode of the records calls (the seed's "Debug mode"): every result also carries
// what the transport saw of the HTTP response(s) under one key, so a caller can read the status
// and headers (e.g. the correlation id) without a proxy.

import type { HttpResponseInfo } from '@residency/transport';

/** The key under which a result carries its HTTP response info in debug mode. */
export const HTTP_DEBUG_KEY: 'httpResponse' = 'httpResponse';

/** The debug field of a result: present only when the storage was created with `debug: true`. */
export interface HttpDebugFields {
  /**
   * Method, URL, status and headers of the response the call got (the final attempt, after
   * any retry). Only with `debug: true`.
   */
  readonly httpResponse?: HttpResponseInfo;
}

/**
 * The debug value of a call: the one response a single-request call got, or the list, oldest
 * first, when a call made several requests (the seed's `migrate`).
 *
 * @param responses The responses of the call, oldest first.
 * @returns The single response, the list, or `undefined` when no response was received.
 */
export function debugValue(
  responses: readonly HttpResponseInfo[],
): HttpResponseInfo | readonly HttpResponseInfo[] | undefined {
  if (responses.length === 0) return undefined;
  return responses.length === 1 ? responses[0] : [...responses];
}

/**
 * Adds the debug value of a call to its result, under `HTTP_DEBUG_KEY`; leaves the result alone
 * when the call received no response.
 *
 * @param result The call's result object.
 * @param responses The responses of the call, oldest first.
 * @returns A new object: the result plus `httpResponse`.
 */
export function withHttpResponses<TResult extends object>(
  result: TResult,
  responses: readonly HttpResponseInfo[],
): TResult & HttpDebugFields {
  const value = debugValue(responses);
  if (value === undefined) return { ...result };
  // A list only for multi-request calls, which type their field accordingly.
  return { ...result, [HTTP_DEBUG_KEY]: value as HttpResponseInfo };
}
