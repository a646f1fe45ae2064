// `healthCheck` (protocol.md §4.7, Python only): `GET <host>/healthcheck`, outside the records
// prefix. `true` iff the PoP answers 200; an HTTP error of the PoP (≥ 400, 429 and 503 after the
// transport's retries) is `false`; authentication, network and country errors are thrown.

import {
  StorageAuthenticationError,
  StorageCountryNotSupportedError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '@residency/errors';
import { HEALTHCHECK_PATH } from '@residency/protocol';
import type { Transport } from '@residency/transport';
import type { CallDescription, StorageCall } from './storage-call.ts';

/**
 * Tells whether an error is an HTTP error status of the PoP itself, not one of its subclasses
 * (authentication, network, country, response validation), which `healthCheck` throws.
 *
 * @param error What the request threw.
 * @returns `true` for a plain `StorageServerError` with a status ≥ 400.
 */
function isPopStatusError(error: unknown): boolean {
  if (!(error instanceof StorageServerError)) return false;
  const special =
    error instanceof StorageAuthenticationError ||
    error instanceof StorageNetworkError ||
    error instanceof StorageCountryNotSupportedError ||
    error instanceof StorageServerResponseValidationError;
  return !special && error.status !== undefined && error.status >= 400;
}

/**
 * Checks the PoP of a country. The endpoint is resolved first, so a failure of the countries
 * list or an unsupported country is thrown (a countries-list error would otherwise look like a
 * PoP status); then the health check is sent with the call's headers and signal.
 *
 * @param call The records call.
 * @param transport The transport, to resolve the endpoint.
 * @param description The call's country and request options.
 * @returns `{ result }`: `true` iff the PoP answered 200.
 * @throws {StorageCountryNotSupportedError} The country is not in the countries list.
 * @throws {StorageAuthenticationError} A token could not be had, or 401 twice.
 * @throws {StorageNetworkError} No HTTP answer: refused, DNS, timeout, abort.
 * @throws {StorageServerError} The countries list could not be fetched.
 */
export async function checkHealth(
  call: StorageCall,
  transport: Transport,
  description: CallDescription,
): Promise<{ result: boolean }> {
  await transport.resolveEndpoint(description.country, {
    signal: description.requestOptions.signal,
  });
  try {
    const info = await call.send({ method: 'GET', path: HEALTHCHECK_PATH, recordsPath: false });
    return { result: info.status === 200 };
  } catch (error) {
    if (isPopStatusError(error)) return { result: false };
    throw error;
  }
}
