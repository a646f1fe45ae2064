// The public surface of @residency/crypto (default entry: web platform only, no `node:` import).

export type { CustomEncryptionConfig } from './custom-encryption.ts';
export { customEncryptionKey } from './custom-key.ts';
export {
  base64Decode,
  base64Encode,
  hexDecode,
  hexEncode,
  isBase64,
  utf8Decode,
  utf8Encode,
} from './encoding.ts';
export type { Secret, SecretSet, SecretSource } from './secret.ts';
