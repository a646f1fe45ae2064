// The public surface of @residency/secrets (browser-safe: no `node:` import anywhere).
// Deliberately left out: the internal cache (`SecretsMemo`), the issue formatting helpers and the
// custom-config schema (use `validateCustomEncryptionConfigs`, which keeps the user's objects).
// The types Secret, SecretSet, SecretSource and CustomEncryptionConfig are @residency/crypto's.
// Node-only providers are subpaths, never reached from here: `@residency/secrets/hana` (the SAP
// HANA Secure Store adapter and secrets provider) and `@residency/secrets/node` (secrets from an
// environment variable or a file).

export { checkCustomEncryption } from './check-custom-encryption.ts';
export { validateCustomEncryptionConfigs } from './custom-encryption-configs.ts';
export { parseSecretsData } from './parse-secrets-data.ts';
export type {
  SecretKeyAccessorInput,
  SecretKeyAccessorValue,
  SecretsProvider,
} from './secret-key-accessor.ts';
export { SecretKeyAccessor } from './secret-key-accessor.ts';
export type { SecretInput, SecretsData, SecretsDataInput } from './secrets-data.ts';
export { SecretsDataSchema } from './secrets-data.ts';
