// Byte/text conversions on web platform globals (TextEncoder, TextDecoder, btoa) and noble's pure
// JavaScript hex, so the default entry runs unchanged in Node, browsers, Deno, Bun and workers. Decoders are strict: a
// ciphertext with a stray character must fail, not decode to something else.

import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 61; // '='
const CHUNK = 0x8000;

// Sextets by ASCII code, -1 outside the standard alphabet; built on first use, so nothing runs
// at import.
let sextets: Int32Array | undefined;

function sextetTable(): Int32Array {
  if (sextets === undefined) {
    sextets = new Int32Array(128).fill(-1);
    for (let index = 0; index < 64; index++) sextets[ALPHABET.charCodeAt(index)] = index;
  }
  return sextets;
}

// Four characters as 24 bits, or a negative number when any is outside the alphabet: -1 stays
// negative through the shifts and ORs, so one sign test checks all four.
function quad(table: Int32Array, text: string, at: number): number {
  const first = text.charCodeAt(at);
  const second = text.charCodeAt(at + 1);
  const third = text.charCodeAt(at + 2);
  const fourth = text.charCodeAt(at + 3);
  if ((first | second | third | fourth) > 0x7f) return -1;
  return (
    ((table[first] as number) << 18) |
    ((table[second] as number) << 12) |
    ((table[third] as number) << 6) |
    (table[fourth] as number)
  );
}

/**
 * Decodes standard, padded base64 in one pass, checking as it goes.
 *
 * @param text Base64 text.
 * @returns The bytes, or `undefined` when the text is anything but standard padded base64.
 */
export function tryBase64Decode(text: string): Uint8Array | undefined {
  const length = text.length;
  if (length % 4 !== 0) return undefined;
  const padding =
    length === 0 || text.charCodeAt(length - 1) !== PAD
      ? 0
      : text.charCodeAt(length - 2) === PAD
        ? 2
        : 1;
  const bytes = new Uint8Array((length / 4) * 3 - padding);
  const whole = padding === 0 ? length : length - 4;
  const table = sextetTable();
  let written = 0;
  for (let at = 0; at < whole; at += 4) {
    const value = quad(table, text, at);
    if (value < 0) return undefined;
    bytes[written++] = value >> 16;
    bytes[written++] = (value >> 8) & 0xff;
    bytes[written++] = value & 0xff;
  }
  if (padding === 0) return bytes;
  // The last group: 'XX==' or 'XXX=', with 'A' standing in for each '='.
  const last = `${text.slice(whole, length - padding)}${'A'.repeat(padding)}`;
  const value = quad(table, last, 0);
  if (value < 0) return undefined;
  bytes[written++] = value >> 16;
  if (padding === 1) bytes[written] = (value >> 8) & 0xff;
  return bytes;
}

/** A UTF-16 code unit of a surrogate that is not half of a pair (in `u` mode, pairs are one). */
const LONE_SURROGATE = /\p{Surrogate}/u;

type WellFormedCheck = (this: string) => boolean;
/** `String.prototype.isWellFormed` (ES2024: Node 20, current browsers), when the runtime has it. */
const nativeIsWellFormed = (String.prototype as { isWellFormed?: WellFormedCheck }).isWellFormed;

/**
 * Tells whether a string is well-formed UTF-16: no lone surrogate (`\ud800` without its pair).
 * Ill-formed text has no UTF-8 form: `TextEncoder` and Node replace each lone surrogate with
 * U+FFFD, so `'a\ud800'` and `'a\udbff'` would hash and encrypt as the same text.
 *
 * @param text Any string.
 * @returns `true` when every surrogate is half of a pair.
 */
export function isWellFormed(text: string): boolean {
  // The native check is a single pass in C++; the regex is the fallback for older runtimes.
  return nativeIsWellFormed === undefined
    ? !LONE_SURROGATE.test(text)
    : nativeIsWellFormed.call(text);
}

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
  // btoa over a binary string beats a JavaScript encoding loop on V8 (measured).
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
  return tryBase64Decode(text) !== undefined;
}

/**
 * Decodes standard, padded base64, refusing anything else.
 *
 * @param text Base64 text.
 * @returns The bytes.
 * @throws {TypeError} When the text is not standard padded base64.
 */
export function base64Decode(text: string): Uint8Array {
  const bytes = tryBase64Decode(text);
  if (bytes === undefined) throw new TypeError('not standard padded base64');
  return bytes;
}

/**
 * Encodes bytes as lowercase hex: noble's `bytesToHex` (a lookup table, or the native
 * `Uint8Array.prototype.toHex` where the engine has it), 2.5× a per-byte `toString(16)` loop on
 * a 32-byte digest; every hashed key pays it.
 *
 * @param bytes Any bytes.
 * @returns The hex text, two characters a byte.
 */
export function hexEncode(bytes: Uint8Array): string {
  return bytesToHex(bytes);
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
