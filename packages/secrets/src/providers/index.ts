// The public surface of @residency/secrets/node: secrets providers for SecretKeyAccessor that
// read an environment variable or a file. Node only (the file provider imports node:fs).
// Deliberately left out: the cache behind the file provider, which may change.

export type { EnvironmentSecretsOptions } from './environment-secrets-provider.ts';
export { secretsFromEnvironment } from './environment-secrets-provider.ts';
export type { FileSecretsOptions } from './file-secrets-provider.node.ts';
export { secretsFromFile } from './file-secrets-provider.node.ts';
export { SecretsTextFormat } from './secrets-text.ts';
