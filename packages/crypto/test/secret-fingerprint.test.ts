import { describe, expect, it, vi } from 'vitest';
import { hexEncode } from '../src/encoding.ts';
import { nodeBackend } from '../src/node-backend.node.ts';
import { binaryString, secretFingerprint } from '../src/secret-fingerprint.ts';

describe('secretFingerprint', () => {
  it('is the SHA-256 of the secret, never the secret itself', () => {
    const secret = { version: 0, secret: 'password', isKey: false, isForCustomEncryption: false };
    const fingerprint = secretFingerprint(secret, nodeBackend);
    expect(fingerprint).toHaveLength(32);
    expect(fingerprint).not.toContain('password');
    const bytes = Uint8Array.from(fingerprint, (character) => character.charCodeAt(0));
    expect(hexEncode(bytes)).toBe(
      '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
    );
  });

  it('is memoised per object while the secret is unchanged', () => {
    const hasher = { sha256: vi.fn(nodeBackend.sha256) };
    const secret = { version: 0, secret: 'one', isKey: false, isForCustomEncryption: false };
    const first = secretFingerprint(secret, hasher);
    expect(secretFingerprint(secret, hasher)).toBe(first);
    expect(hasher.sha256).toHaveBeenCalledTimes(1);
    // A mutated object (the interface is read-only, but JavaScript callers may) is re-hashed.
    (secret as { secret: string }).secret = 'two';
    expect(secretFingerprint(secret, hasher)).not.toBe(first);
    expect(hasher.sha256).toHaveBeenCalledTimes(2);
  });
});

describe('binaryString', () => {
  it('maps each byte to one character', () => {
    expect(binaryString(new Uint8Array([0, 65, 255]))).toBe('\u0000A\u00ff');
  });
});
