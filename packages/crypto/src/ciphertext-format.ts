import { StorageCryptoError } from '@residency/errors';
import { base64Encode, hexDecode, isBase64, tryBase64Decode, utf8Encode } from './encoding.ts';

/** Bytes of the PBKDF2 salt at the start of a `1:`/`2:` ciphertext. */
export const SALT_LENGTH = 64;
/** Bytes of the AES-GCM nonce after the salt. */
export const IV_LENGTH = 12;
/** Bytes of the AES-GCM tag at the end. */
const TAG_LENGTH = 16;
const HEADER_LENGTH = SALT_LENGTH + IV_LENGTH;

/** A ciphertext split into its parts; every view shares the decoded bytes. */
export type ParsedCiphertext =
  | { readonly kind: 'plain'; readonly data: Uint8Array }
  | {
      readonly kind: 'aes';
      readonly salt: Uint8Array;
      readonly iv: Uint8Array;
      readonly sealed: Uint8Array;
    }
  | { readonly kind: 'custom'; readonly tag: string; readonly data: Uint8Array };

function invalid(reason: string): StorageCryptoError {
  // The reason names what is wrong, never the offending characters.
  return new StorageCryptoError(`Invalid ciphertext: ${reason}`);
}

function decodeBase64(data: string): Uint8Array {
  const bytes = tryBase64Decode(data);
  if (bytes === undefined) throw invalid('the data is not standard padded base64');
  return bytes;
}

function parseAes(bytes: Uint8Array): ParsedCiphertext {
  // Python rejects these as "Wrong ciphertext size"; shorter input cannot hold salt, IV and tag.
  if (bytes.length < HEADER_LENGTH + TAG_LENGTH) throw invalid('too short for salt, IV and tag');
  return {
    kind: 'aes',
    salt: bytes.subarray(0, SALT_LENGTH),
    iv: bytes.subarray(SALT_LENGTH, HEADER_LENGTH),
    sealed: bytes.subarray(HEADER_LENGTH),
  };
}

/**
 * Splits a stored ciphertext `<tag>:<data>` (protocol.md §6.6) and decodes its data strictly.
 *
 * @param ciphertext A `pt:`, `1:`, `2:` or `c<base64>:` ciphertext.
 * @returns Its parts.
 * @throws {StorageCryptoError} When it has not exactly one `:`, an unknown tag, or bad data.
 */
export function parseCiphertext(ciphertext: string): ParsedCiphertext {
  const parts = ciphertext.split(':');
  if (parts.length !== 2) throw invalid('expected exactly one ":" after the version tag');
  const [tag, data] = parts as [string, string];
  if (tag === '2') return parseAes(decodeBase64(data));
  if (tag === 'pt') return { kind: 'plain', data: decodeBase64(data) };
  if (tag === '1') {
    if (data.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(data)) throw invalid('the data is not hex');
    return parseAes(hexDecode(data));
  }
  if (tag.length > 1 && tag[0] === 'c' && isBase64(tag.slice(1))) {
    return { kind: 'custom', tag, data: decodeBase64(data) };
  }
  throw invalid('unknown version tag');
}

/**
 * Writes the `pt:` format: base64 of the UTF-8 plaintext, no encryption.
 *
 * @param plaintext Any string.
 * @returns `pt:<base64>`.
 */
export function formatPlain(plaintext: string): string {
  return `pt:${base64Encode(utf8Encode(plaintext))}`;
}

/**
 * Writes the `2:` format: base64 of `salt(64) ‖ iv(12) ‖ ciphertext ‖ tag(16)`.
 *
 * @param salt The 64-byte PBKDF2 salt (random and ignored for raw keys).
 * @param iv The 12-byte nonce.
 * @param sealed AES-GCM output: ciphertext then tag.
 * @returns `2:<base64>`.
 */
export function formatAes(salt: Uint8Array, iv: Uint8Array, sealed: Uint8Array): string {
  const bytes = new Uint8Array(HEADER_LENGTH + sealed.length);
  bytes.set(salt, 0);
  bytes.set(iv, SALT_LENGTH);
  bytes.set(sealed, HEADER_LENGTH);
  return `2:${base64Encode(bytes)}`;
}

/**
 * Names a custom cipher in its ciphertexts: `c` + base64 of the UTF-8 version (protocol.md §6.8).
 *
 * @param version The config's version, e.g. `test` → `cdGVzdA==`.
 * @returns The tag.
 */
export function customTag(version: string): string {
  return `c${base64Encode(utf8Encode(version))}`;
}

/**
 * Writes a custom cipher's output in the Python framing, which survives a `:` in the output.
 *
 * @param tag From `customTag`.
 * @param output What the custom `encrypt` returned.
 * @returns `<tag>:<base64(UTF-8(output))>`.
 */
export function formatCustom(tag: string, output: string): string {
  return `${tag}:${base64Encode(utf8Encode(output))}`;
}
