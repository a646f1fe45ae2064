// The public surface of @residency/sdk: everything an application imports, from one place.
// `createStorage` builds a `Storage`; the rest are re-exports of the layers below, so users never
// import @residency/errors, /secrets, /storage or /transport themselves.
// Left out on purpose: the building blocks (`Cipher`, `RecordCodec`, `createTransport`,
// `AttachmentStorage`, `Migrator`, the input parsers and wire schemas; import those packages
// directly if you need them), the `Storage` constructor's options type (use `createStorage`,
// which validates what the constructor trusts), and the resolved-options helpers, which may
// change. The Node entry (index.node.ts) adds `toNodeReadable`.

// Attachments: the options and results of the attachment methods, and reading a download.
export type {
  AddAttachmentOptions,
  AttachmentData,
  AttachmentFile,
  AttachmentFileResult,
  AttachmentMetaResult,
  AttachmentMetaUpdate,
} from '@residency/attachments';
export { readAttachmentBytes } from '@residency/attachments';
// Secrets and custom encryption.
export type { CustomEncryptionConfig } from '@residency/crypto';
// Every error class of the one tree, and the cross-copy check.
export type {
  InputValidationErrorOptions,
  StorageErrorOptions,
  StorageServerErrorOptions,
} from '@residency/errors';
export {
  InputValidationError,
  isStorageError,
  SecretsProviderError,
  SecretsValidationError,
  StorageAuthenticationError,
  StorageClientError,
  StorageConfigValidationError,
  StorageCountryNotSupportedError,
  StorageCryptoError,
  StorageError,
  StorageNetworkError,
  StorageServerError,
  StorageServerResponseValidationError,
} from '@residency/errors';
// Key rotation: the results and options of `migrate` and `migrateAll`.
export type {
  MigrateAllOptions,
  MigrateAllResult,
  MigrateFailure,
  MigrateProgress,
  MigrateResult,
} from '@residency/migrate';
// The JSON codec that keeps int64 range keys exact (a bigint as bare digits both ways), for
// applications that print or store records as JSON; and the check a range key must pass.
export { INT64_MAX, INT64_MIN, isInt64, parseJson, stringifyJson } from '@residency/protocol';
export type {
  SecretInput,
  SecretKeyAccessorInput,
  SecretKeyAccessorValue,
  SecretsDataInput,
  SecretsProvider,
} from '@residency/secrets';
export { SecretKeyAccessor } from '@residency/secrets';
// Records, filters, sorting and the results of every method.
export type {
  AttachmentMeta,
  DateFilter,
  DateFilterScalar,
  FindError,
  FindFilter,
  FindMeta,
  FindOneMiss,
  FindOneOptionsInput,
  FindOneResult,
  FindOptionsInput,
  FindResult,
  HealthCheckResult,
  HttpDebugFields,
  Int64,
  IntFilter,
  IntFilterOperand,
  IterateOptionsInput,
  NonNullDateFilter,
  OrFilterItem,
  RangeKeyName,
  RangeOperators,
  Record,
  RecordData,
  RecordInput,
  RecordResult,
  RecordsResult,
  RequestOptionsInput,
  SearchKeyFilter,
  SearchKeyName,
  ServiceKeyName,
  SortCriterion,
  SortField,
  StringFilter,
  StringFilterOperand,
  SuccessResult,
} from '@residency/storage';
export { EncryptionType, SortOrder } from '@residency/storage';
// Logging and debug mode.
export type { HttpResponseInfo, Logger } from '@residency/transport';
// The entry point and the storage.
export { createStorage } from './create-storage.ts';
export type { StorageEnvironment } from './environment.ts';
export { ENVIRONMENT_VARIABLES } from './environment.ts';
export { Storage } from './storage.ts';
export type {
  HttpOptions,
  StorageDefaults,
  StorageExtraOptions,
  StorageOptions,
} from './storage-options.ts';
export { DEFAULT_STORAGE_OPTIONS } from './storage-options.ts';
export { USER_AGENT, VERSION } from './version.ts';
