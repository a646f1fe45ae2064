// The Node entry of @residency/crypto: every name of the default entry, whose list in index.ts
// stays the one public list, with node:crypto (OpenSSL) behind `Cipher` and `hashKey`, plus
// `nodeBackend`. A local export shadows the same name from `export *` (ECMAScript §16.2.1.7),
// so only the overrides are written here.

export { Cipher } from './cipher.node.ts';
export { hashKey } from './hash-key.node.ts';
export * from './index.ts';
export { nodeBackend } from './node-backend.node.ts';
