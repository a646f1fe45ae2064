import { StorageError, type StorageErrorOptions } from './storage-error.ts';

/** Options of a `StorageServerError`: what the caller can act on, never a body or token. */
export interface StorageServerErrorOptions extends StorageErrorOptions {
  /** The HTTP status, when the server answered. */
  status?: number;
  /** The server's request or correlation id (`x-inc-corr-id-resp`, `x-request-id`), if sent. */
  requestId?: string;
  /** The server's own explanation (`errors[].detail` of the body), when it sent one. */
  detail?: string;
}

/** The storage server, the token endpoint or the network failed the request. */
export class StorageServerError extends StorageError {
  override name: string = 'StorageServerError';
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The server's request id, when it sent one. */
  readonly requestId: string | undefined;
  /** The server's explanation, when it sent one. */
  readonly detail: string | undefined;

  /**
   * Creates the error.
   *
   * @param message What failed, safe to log.
   * @param options `status`, `requestId`, `detail` and `cause`.
   */
  constructor(message: string, options?: StorageServerErrorOptions) {
    super(message, options);
    this.status = options?.status;
    this.requestId = options?.requestId;
    this.detail = options?.detail;
  }
}

/** The country is not in the countries list, so no point of presence serves it. */
export class StorageCountryNotSupportedError extends StorageServerError {
  override name: string = 'StorageCountryNotSupportedError';
}

/** The server answered with a body that does not match the protocol. */
export class StorageServerResponseValidationError extends StorageServerError {
  override name: string = 'StorageServerResponseValidationError';
}

/** The request never got an HTTP answer: connection refused, DNS failure, timeout, abort. */
export class StorageNetworkError extends StorageServerError {
  override name: string = 'StorageNetworkError';
}

/** The credentials or token were refused (401 after one refresh, or a token-endpoint error). */
export class StorageAuthenticationError extends StorageServerError {
  override name: string = 'StorageAuthenticationError';
}
