// The public surface of @residency/crypto, default entry: web platform globals only, no `node:`
// import. src/index.node.ts exports the same names on node:crypto, plus `nodeBackend`.
// Left out on purpose: the building blocks behind `Cipher` (key cache, formats, option
// resolution), which may change without notice.

export { Cipher } from './cipher.ts';
export type { EncryptResult } from './cipher-base.ts';
export type { CipherOptions, KeyReuseOptions } from './cipher-options.ts';
export type { CryptoBackend, MaybePromise } from './crypto-backend.ts';
export type { CustomEncryptionConfig } from './custom-encryption.ts';
export { validateCustomEncryptionConfigs } from './custom-encryption-configs.ts';
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
export type { HashKeyOptions } from './hash-key.ts';
export { hashKey } from './hash-key.ts';
export { nobleBackend } from './noble-backend.ts';
export type { Secret, SecretSet, SecretSource } from './secret.ts';
export { webCryptoBackend } from './web-crypto-backend.ts';
