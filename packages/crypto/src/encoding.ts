// Byte/text conversions on web platform globals only (TextEncoder, atob, btoa), so the default
// entry runs unchanged in Node, browsers, Deno, Bun and workers. Decoders are strict: a
// ciphertext with a stray character must fail, not decode to something else.

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Standard base64 with padding, the alphabet of every InCountry ciphertext. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const CHUNK = 0x8000;

/**
 * Encodes a string as UTF-8 bytes.
 *
 * @param text Any string; lone surrogates become U+FFFD, as `TextEncoder` does.
 * @returns The UTF-8 bytes.
 */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Decodes UTF-8 bytes, refusing invalid sequences.
 *
 * @param bytes UTF-8 bytes.
 * @returns The text.
 * @throws {TypeError} When the bytes are not valid UTF-8.
 */
export function utf8Decode(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

/**
 * Encodes bytes as standard base64 with padding.
 *
 * @param bytes Any bytes.
 * @returns The base64 text.
 */
export function base64Encode(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(offset, offset + CHUNK) as never);
  }
  return btoa(binary);
}

/**
 * Tells whether a string is standard, padded base64.
 *
 * @param text The candidate.
 * @returns `true` when `base64Decode` accepts it.
 */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text);
}

/**
 * Decodes standard, padded base64, refusing anything else.
 *
 * @param text Base64 text.
 * @returns The bytes.
 * @throws {TypeError} When the text is not standard padded base64.
 */
export function base64Decode(text: string): Uint8Array {
  if (!isBase64(text)) throw new TypeError('not standard padded base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * Encodes bytes as lowercase hex.
 *
 * @param bytes Any bytes.
 * @returns The hex text, two characters a byte.
 */
export function hexEncode(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += (byte < 16 ? '0' : '') + byte.toString(16);
  return hex;
}

/**
 * Decodes hex (either case), refusing odd lengths and other characters.
 *
 * @param text Hex text.
 * @returns The bytes.
 * @throws {TypeError} When the text is not hex.
 */
export function hexDecode(text: string): Uint8Array {
  if (!HEX.test(text)) throw new TypeError('not hex');
  const bytes = new Uint8Array(text.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number.parseInt(text.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}
