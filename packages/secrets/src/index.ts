// The public surface of @residency/secrets (browser-safe: no `node:` import anywhere).
// Deliberately left out: the internal cache (`SecretsMemo`) and the issue formatting helpers.
// `validateCustomEncryptionConfigs` is @residency/crypto's, where `Cipher` checks the same rules,
// re-exported here beside `checkCustomEncryption`, which tries the ciphers.
// The types Secret, SecretSet, SecretSource and CustomEncryptionConfig are @residency/crypto's.
// Node-only providers are subpaths, never reached from here: `@residency/secrets/hana` (the SAP
// HANA Secure Store adapter and secrets provider) and `@residency/secrets/node` (secrets from an
// environment variable or a file).

export { validateCustomEncryptionConfigs } from '@residency/crypto';
export { checkCustomEncryption } from './check-custom-encryption.ts';
export { parseSecretsData } from './parse-secrets-data.ts';
export type {
  SecretKeyAccessorInput,
  SecretKeyAccessorValue,
  SecretsProvider,
} from './secret-key-accessor.ts';
export { SecretKeyAccessor } from './secret-key-accessor.ts';
export type { SecretInput, SecretsData, SecretsDataInput } from './secrets-data.ts';
export { SecretsDataSchema } from './secrets-data.ts';
