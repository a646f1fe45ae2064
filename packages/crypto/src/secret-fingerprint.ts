import { utf8Encode } from './encoding.ts';
import type { Secret } from './secret.ts';

interface Fingerprinted {
  readonly secret: string;
  readonly fingerprint: string;
}

// Keyed by the Secret object, so an entry lives exactly as long as the caller's own object and
// holds no copy of the secret beyond the reference that object already holds.
const fingerprints = new WeakMap<Secret, Fingerprinted>();

/**
 * Names a secret's value without holding it: SHA-256 of its UTF-8, as a 32-character binary
 * string. Key caches are keyed by this, so a secret changed under the same version never meets
 * a key derived from the old value.
 *
 * @param secret The secret.
 * @param hasher Anything with a synchronous `sha256`, such as a `CryptoBackend`.
 * @returns The fingerprint, memoised per `Secret` object while its value is unchanged.
 */
export function secretFingerprint(
  secret: Secret,
  hasher: { sha256(data: Uint8Array): Uint8Array },
): string {
  const known = fingerprints.get(secret);
  if (known !== undefined && known.secret === secret.secret) return known.fingerprint;
  const fingerprint = binaryString(hasher.sha256(utf8Encode(secret.secret)));
  fingerprints.set(secret, { secret: secret.secret, fingerprint });
  return fingerprint;
}

/**
 * Turns bytes into a string of one UTF-16 unit a byte: a compact, exact map key.
 *
 * @param bytes At most a few hundred bytes.
 * @returns The binary string.
 */
export function binaryString(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}
