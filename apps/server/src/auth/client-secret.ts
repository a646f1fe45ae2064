// Client secrets are 32 random bytes, so a plain SHA-256 is enough to store them: there is no
// dictionary to attack, and a slow KDF would only slow every token request. The comparison is
// constant-time so response timing says nothing about how much of a guess was right.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Makes a new client secret.
 *
 * @returns 32 random bytes, base64url (43 characters).
 */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Hashes a client secret for storage.
 *
 * @param secret The secret.
 * @returns SHA-256 of its UTF-8 bytes, lowercase hex.
 */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Tells whether a secret matches a stored hash, in constant time.
 *
 * @param secret The secret a client presented.
 * @param storedHash The stored hash (hex).
 * @returns `true` when they match.
 */
export function clientSecretMatches(secret: string, storedHash: string): boolean {
  const given = createHash('sha256').update(secret, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}
