// The public surface of @residency/secrets/hana: the SAP HANA Secure Store adapter and the
// secrets provider built on it. Node only; the drivers (hdb or @sap/hana-client) are loaded
// with import() at the first connection, never at import.
// Deliberately left out: the driver wrappers, the binding parser, the stored document format
// and the change chain, which may change; `SecureStoreDriver` is the seam to replace them.

export type {
  HanaConnectionSettings,
  HanaTlsSettings,
} from './hana-connection-settings.ts';
export type { HanaCredentialsInput, HanaHost } from './hana-credentials.ts';
export type { PutOptions, RotateOptions } from './hana-secrets-provider.ts';
export { HanaSecretsProvider } from './hana-secrets-provider.ts';
export type { HanaSecretsProviderOptions } from './hana-secrets-provider-options.ts';
export { DEFAULT_PROVIDER_OPTIONS } from './hana-secrets-provider-options.ts';
export type { HanaSecureStoreTarget } from './hana-secure-store.ts';
export { HanaSecureStore } from './hana-secure-store.ts';
export type { HanaSecureStoreOptions } from './hana-secure-store-options.ts';
export { DEFAULT_SECURE_STORE_OPTIONS } from './hana-secure-store-options.ts';
export type {
  HanaSecureStoreSession,
  SecureStoreNamespace,
} from './hana-secure-store-session.ts';
export type { HanaDriverChoice } from './load-driver.ts';
export { HanaDriverName } from './load-driver.ts';
export type { SecretVersionInfo, SecretVersionList } from './secret-versions.ts';
export type {
  SecureStoreCall,
  SecureStoreEntry,
  SecureStoreInputs,
} from './secure-store-call.ts';
export {
  SECURE_STORE_STATEMENTS,
  SecureStoreProcedure,
  secureStoreInputs,
} from './secure-store-call.ts';
export type { SecureStoreConnection, SecureStoreDriver } from './secure-store-driver.ts';
export { SecureStoreEntryExistsError } from './secure-store-entry-exists-error.ts';
export type { SecureStoreLimits } from './secure-store-limits.ts';
export { SECURE_STORE_LIMITS } from './secure-store-limits.ts';
export type { SecureStoreValue } from './value-bytes.ts';
