// The Node entry of @residency/crypto: the default entry's names, with node:crypto (OpenSSL)
// behind `Cipher` and `hashKey`, plus `nodeBackend`. Keep this list in step with src/index.ts.

export { Cipher } from './cipher.node.ts';
export type { EncryptResult } from './cipher-base.ts';
export type { CipherOptions, KeyReuseOptions } from './cipher-options.ts';
export type { CryptoBackend, MaybePromise } from './crypto-backend.ts';
export type { CustomEncryptionConfig } from './custom-encryption.ts';
export { customEncryptionKey } from './custom-key.ts';
export {
  base64Decode,
  base64Encode,
  hexDecode,
  hexEncode,
  isBase64,
  isWellFormed,
  utf8Decode,
  utf8Encode,
} from './encoding.ts';
export { hashKey } from './hash-key.node.ts';
export type { HashKeyOptions } from './hash-key.ts';
export { nobleBackend } from './noble-backend.ts';
export { nodeBackend } from './node-backend.node.ts';
export type { Secret, SecretSet, SecretSource } from './secret.ts';
export { webCryptoBackend } from './web-crypto-backend.ts';
