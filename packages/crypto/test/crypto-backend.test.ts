import { describe, expect, it } from 'vitest';
import { hexDecode, hexEncode, utf8Encode } from '../src/encoding.ts';
import { backends } from './support/backends.ts';

// One suite, every backend (noble-ciphers:test/ style): known answers first, then the
// properties the cipher relies on.

// PBKDF2-HMAC-SHA512("password", "salt", 1 iteration, 64 bytes), the widely published vector.
const PBKDF2_SHA512 =
  '867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252' +
  'c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce';

// The GCM specification's test case 15 (AES-256, 96-bit IV, no associated data).
const GCM = {
  key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
  iv: 'cafebabefacedbaddecaf888',
  plaintext:
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
    '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255',
  sealed:
    '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
    '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad' +
    'b094dac5d93471bdec1a502270e3cc6c',
};

describe.each(backends)('the $name backend', (backend) => {
  it('derives the PBKDF2-HMAC-SHA512 known answer', async () => {
    const derived = await backend.pbkdf2Sha512(utf8Encode('password'), utf8Encode('salt'), 1, 64);
    expect(hexEncode(derived)).toBe(PBKDF2_SHA512);
  });

  it('derives the same 32-byte key as every other backend at 10,000 iterations', async () => {
    const salt = new Uint8Array(64).fill(7);
    const keys = await Promise.all(
      backends.map((other) => other.pbkdf2Sha512(utf8Encode('pässwörd'), salt, 10_000, 32)),
    );
    const own = await backend.pbkdf2Sha512(utf8Encode('pässwörd'), salt, 10_000, 32);
    for (const key of keys) expect(hexEncode(key)).toBe(hexEncode(own));
    expect(own).toHaveLength(32);
  });

  it('encrypts the AES-256-GCM known answer', async () => {
    const key = await backend.importAesKey(hexDecode(GCM.key));
    const sealed = await backend.aesGcmEncrypt(key, hexDecode(GCM.iv), hexDecode(GCM.plaintext));
    expect(hexEncode(sealed)).toBe(GCM.sealed);
  });

  it('decrypts the AES-256-GCM known answer', async () => {
    const key = await backend.importAesKey(hexDecode(GCM.key));
    const plaintext = await backend.aesGcmDecrypt(key, hexDecode(GCM.iv), hexDecode(GCM.sealed));
    expect(hexEncode(plaintext)).toBe(GCM.plaintext);
  });

  it('refuses a flipped tag bit and a truncated input', async () => {
    const key = await backend.importAesKey(hexDecode(GCM.key));
    const sealed = hexDecode(GCM.sealed);
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 1;
    await expect(async () =>
      backend.aesGcmDecrypt(key, hexDecode(GCM.iv), sealed),
    ).rejects.toThrow();
    const short = hexDecode(GCM.sealed).subarray(0, 10);
    await expect(async () =>
      backend.aesGcmDecrypt(key, hexDecode(GCM.iv), short),
    ).rejects.toThrow();
  });

  it('refuses a key that is not 32 bytes', async () => {
    await expect(async () => backend.importAesKey(new Uint8Array(16).fill(1))).rejects.toThrow();
  });

  it('round-trips the empty plaintext', async () => {
    const key = await backend.importAesKey(new Uint8Array(32).fill(3));
    const iv = new Uint8Array(12);
    const sealed = await backend.aesGcmEncrypt(key, iv, new Uint8Array(0));
    expect(sealed).toHaveLength(16);
    expect(await backend.aesGcmDecrypt(key, iv, sealed)).toHaveLength(0);
  });

  it('hashes the SHA-256 known answer synchronously', () => {
    expect(hexEncode(backend.sha256(utf8Encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('makes fresh random bytes of the asked length', () => {
    const first = backend.randomBytes(64);
    expect(first).toHaveLength(64);
    expect(first).toBeInstanceOf(Uint8Array);
    expect(hexEncode(backend.randomBytes(64))).not.toBe(hexEncode(first));
  });
});
