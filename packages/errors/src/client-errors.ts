import { StorageError, type StorageErrorOptions } from './storage-error.ts';

/** A failure caused by how the SDK was called or configured: fix the call, not the server. */
export class StorageClientError extends StorageError {
  override name: string = 'StorageClientError';
}

/** The options given to `createStorage` (or another constructor) are invalid. */
export class StorageConfigValidationError extends StorageClientError {
  override name: string = 'StorageConfigValidationError';
}

/** The secrets callback of a `SecretKeyAccessor` threw or rejected; the original is the `cause`. */
export class SecretsProviderError extends StorageClientError {
  override name: string = 'SecretsProviderError';
}

/** Secrets data has the wrong shape, or a requested secret version does not exist. */
export class SecretsValidationError extends StorageClientError {
  override name: string = 'SecretsValidationError';
}

/** Options of an `InputValidationError`. */
export interface InputValidationErrorOptions extends StorageErrorOptions {
  /** The dotted path of the offending argument or field, e.g. `record.rangeKey1`. */
  path?: string;
}

/** An argument of a public method is invalid. Names the field, never quotes its value. */
export class InputValidationError extends StorageClientError {
  override name: string = 'InputValidationError';
  /** The dotted path of the offending field, when known. */
  readonly path: string | undefined;

  /**
   * Creates the error.
   *
   * @param message What is wrong, without the offending value.
   * @param options The field `path` and the `cause`.
   */
  constructor(message: string, options?: InputValidationErrorOptions) {
    super(message, options);
    this.path = options?.path;
  }
}
