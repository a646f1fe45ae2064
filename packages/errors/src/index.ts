// The public surface of @residency/errors: the one error tree every layer throws.

export type { InputValidationErrorOptions } from './client-errors.ts';
export {
  InputValidationError,
  SecretsProviderError,
  SecretsValidationError,
  StorageClientError,
  StorageConfigValidationError,
} from './client-errors.ts';
export type { StorageServerErrorOptions } from './server-errors.ts';
export {
  StorageAuthenticationError,
  StorageCountryNotSupportedError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from './server-errors.ts';
export { StorageCryptoError } from './storage-crypto-error.ts';
export type { StorageErrorOptions } from './storage-error.ts';
export { isStorageError, StorageError } from './storage-error.ts';
