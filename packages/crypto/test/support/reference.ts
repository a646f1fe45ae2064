import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';

// What the official InCountry SDKs do (protocol.md §6.6), written straight on node:crypto and
// independent of src/: a ciphertext this reads is one the official SDKs read.

function keyOf(secret: string, isKey: boolean, salt: Buffer): Buffer {
  return isKey ? Buffer.from(secret, 'base64') : pbkdf2Sync(secret, salt, 10_000, 32, 'sha512');
}

/**
 * Decrypts a `2:` or `1:` ciphertext as the official SDKs do.
 *
 * @returns The plaintext bytes.
 */
export function referenceDecrypt(ciphertext: string, secret: string, isKey = false): Buffer {
  const [tag, data] = ciphertext.split(':') as [string, string];
  const bytes = Buffer.from(data, tag === '1' ? 'hex' : 'base64');
  const salt = bytes.subarray(0, 64);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyOf(secret, isKey, salt),
    bytes.subarray(64, 76),
  );
  decipher.setAuthTag(bytes.subarray(-16));
  return Buffer.concat([decipher.update(bytes.subarray(76, -16)), decipher.final()]);
}

/**
 * Encrypts bytes as the official SDKs do, in `2:` or the legacy hex `1:` format.
 *
 * @returns The ciphertext.
 */
export function referenceEncrypt(
  plaintext: Uint8Array,
  secret: string,
  options: { isKey?: boolean; format?: '1' | '2' } = {},
): string {
  const salt = randomBytes(64);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, options.isKey ?? false, salt), iv);
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const bytes = Buffer.concat([salt, iv, sealed]);
  return options.format === '1' ? `1:${bytes.toString('hex')}` : `2:${bytes.toString('base64')}`;
}

/**
 * Splits a `2:` ciphertext into its salt, IV and sealed bytes.
 *
 * @returns The parts.
 */
export function splitAes(ciphertext: string): { salt: string; iv: string; sealed: Buffer } {
  const bytes = Buffer.from(ciphertext.slice(2), 'base64');
  return {
    salt: bytes.subarray(0, 64).toString('hex'),
    iv: bytes.subarray(64, 76).toString('hex'),
    sealed: bytes.subarray(76),
  };
}
