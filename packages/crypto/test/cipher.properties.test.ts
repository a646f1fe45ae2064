import { StorageCryptoError } from '@residency/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cipher } from '../src/cipher.ts';
import type { CustomEncryptionConfig } from '../src/custom-encryption.ts';
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from '../src/encoding.ts';
import { backends } from './support/backends.ts';
import { CUSTOM_SECRET, PASSWORD, RAW_KEY } from './support/constants.ts';
import { StaticSecretSource } from './support/secret-source.ts';

// Property tests: round trips for every format and backend, and tampering that must always
// fail with a StorageCryptoError, never decrypt to something else or throw another type.
// PBKDF2 costs 10 ms (native) to 100 ms (noble) a key, so runs that derive per case are few.

const text = fc.string({ unit: 'binary', maxLength: 300 });

// A toy custom cipher that uses its key: XOR with the key bytes, then base64.
const xorConfig: CustomEncryptionConfig = {
  version: 'xor-𝄞',
  isCurrent: true,
  encrypt: (input, key) =>
    base64Encode(
      utf8Encode(input).map((byte, index) => byte ^ (key[index % key.length] as number)),
    ),
  decrypt: (input, key) =>
    utf8Decode(
      base64Decode(input).map((byte, index) => byte ^ (key[index % key.length] as number)),
    ),
};

async function rejectsWithCryptoError(promise: Promise<unknown>): Promise<boolean> {
  return promise.then(
    () => false,
    (error: unknown) => error instanceof StorageCryptoError,
  );
}

function flip(ciphertext: string, index: number, mask: number, from = 0): string {
  const bytes = base64Decode(ciphertext.slice(2));
  const at = from + (index % (bytes.length - from));
  bytes[at] = (bytes[at] as number) ^ mask;
  return `2:${base64Encode(bytes)}`;
}

describe.each(backends)('properties on the $name backend', (backend) => {
  const derivingRuns = backend.name === 'noble' ? 3 : 10;
  const tamperRuns = backend.name === 'noble' ? 10 : 40;
  const password = () => new StaticSecretSource(PASSWORD);
  const rawKey = () =>
    new StaticSecretSource({
      currentVersion: 4,
      secrets: [{ secret: RAW_KEY, version: 4, isKey: true }],
    });
  const custom = () =>
    new StaticSecretSource({
      currentVersion: 2,
      secrets: [{ secret: CUSTOM_SECRET, version: 2, isForCustomEncryption: true }],
    });

  async function roundTrips(
    cipher: Cipher,
    plaintext: string,
    reader: Cipher = cipher,
  ): Promise<void> {
    const { ciphertext, version } = await cipher.encrypt(plaintext);
    expect(await reader.decrypt(ciphertext, version)).toBe(plaintext);
  }

  it('round-trips pt:', async () => {
    const cipher = new Cipher({ backend });
    await fc.assert(fc.asyncProperty(text, (plaintext) => roundTrips(cipher, plaintext)));
  });

  it('round-trips 2: with a password, a fresh key each message', async () => {
    const cipher = new Cipher({ secrets: password(), backend, keyReuse: false, keyCacheSize: 0 });
    await fc.assert(
      fc.asyncProperty(text, (plaintext) => roundTrips(cipher, plaintext)),
      {
        numRuns: derivingRuns,
      },
    );
  });

  it('round-trips 2: with a reused derived key, read by a fresh cipher', async () => {
    const cipher = new Cipher({ secrets: password(), backend });
    const reader = new Cipher({ secrets: password(), backend });
    await fc.assert(fc.asyncProperty(text, (plaintext) => roundTrips(cipher, plaintext, reader)));
  });

  it('round-trips 2: with a raw key', async () => {
    const cipher = new Cipher({ secrets: rawKey(), backend });
    await fc.assert(fc.asyncProperty(text, (plaintext) => roundTrips(cipher, plaintext)));
  });

  it('round-trips custom encryption', async () => {
    const cipher = new Cipher({ secrets: custom(), backend, customEncryptionConfigs: [xorConfig] });
    await fc.assert(fc.asyncProperty(text, (plaintext) => roundTrips(cipher, plaintext)));
  });

  it('refuses any flipped bit of a password ciphertext', async () => {
    const cipher = new Cipher({ secrets: password(), backend });
    const { ciphertext } = await cipher.encrypt('a typical record body');
    const property = fc.asyncProperty(
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      async (index, mask) => {
        expect(await rejectsWithCryptoError(cipher.decrypt(flip(ciphertext, index, mask), 0))).toBe(
          true,
        );
      },
    );
    await fc.assert(property, { numRuns: tamperRuns });
  });

  // A raw key ignores the salt (protocol.md §6.6), so only IV, ciphertext and tag are covered.
  it('refuses any flipped bit after the salt of a raw-key ciphertext', async () => {
    const cipher = new Cipher({ secrets: rawKey(), backend });
    const property = fc.asyncProperty(
      text,
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      async (plaintext, index, mask) => {
        const { ciphertext } = await cipher.encrypt(plaintext);
        expect(
          await rejectsWithCryptoError(cipher.decrypt(flip(ciphertext, index, mask, 64), 4)),
        ).toBe(true);
      },
    );
    await fc.assert(property);
  });

  it('refuses a wrong raw key', async () => {
    const { ciphertext } = await new Cipher({ secrets: rawKey(), backend }).encrypt('body');
    const property = fc.asyncProperty(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      async (key) => {
        fc.pre(base64Encode(key) !== RAW_KEY);
        const secrets = new StaticSecretSource({
          currentVersion: 4,
          secrets: [{ secret: base64Encode(key), version: 4, isKey: true }],
        });
        expect(
          await rejectsWithCryptoError(new Cipher({ secrets, backend }).decrypt(ciphertext, 4)),
        ).toBe(true);
      },
    );
    await fc.assert(property);
  });

  it('refuses a wrong password', async () => {
    const { ciphertext } = await new Cipher({ secrets: password(), backend }).encrypt('body');
    const property = fc.asyncProperty(
      fc.string({ unit: 'binary', minLength: 1 }),
      async (wrong) => {
        fc.pre(wrong !== PASSWORD);
        const cipher = new Cipher({ secrets: new StaticSecretSource(wrong), backend });
        expect(await rejectsWithCryptoError(cipher.decrypt(ciphertext, 0))).toBe(true);
      },
    );
    await fc.assert(property, { numRuns: derivingRuns });
  });

  it('refuses any truncation', async () => {
    const cipher = new Cipher({ secrets: rawKey(), backend });
    const { ciphertext } = await cipher.encrypt('a typical record body');
    const length = base64Decode(ciphertext.slice(2)).length;
    const property = fc.asyncProperty(fc.integer({ min: 0, max: length - 1 }), async (kept) => {
      const truncated = `2:${base64Encode(base64Decode(ciphertext.slice(2)).subarray(0, kept))}`;
      expect(await rejectsWithCryptoError(cipher.decrypt(truncated, 4))).toBe(true);
      expect(await rejectsWithCryptoError(cipher.decrypt(ciphertext.slice(0, 2 + kept), 4))).toBe(
        true,
      );
    });
    await fc.assert(property);
  });

  it('refuses data with a character outside standard base64', async () => {
    const cipher = new Cipher({ secrets: rawKey(), backend });
    const { ciphertext } = await cipher.encrypt('a typical record body');
    const outside = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 1 })
      .filter((character) => !/[A-Za-z0-9+/=:]/.test(character));
    const property = fc.asyncProperty(fc.nat(), outside, async (index, character) => {
      const at = 2 + (index % (ciphertext.length - 2));
      const broken = ciphertext.slice(0, at) + character + ciphertext.slice(at + 1);
      expect(await rejectsWithCryptoError(cipher.decrypt(broken, 4))).toBe(true);
    });
    await fc.assert(property);
  });

  it('refuses an unknown version tag', async () => {
    const cipher = new Cipher({ secrets: rawKey(), backend });
    const { ciphertext } = await cipher.encrypt('body');
    const tag = fc
      .string({ unit: 'binary' })
      .filter(
        (candidate) =>
          !candidate.includes(':') &&
          !['pt', '1', '2'].includes(candidate) &&
          !candidate.startsWith('c'),
      );
    const property = fc.asyncProperty(tag, async (unknown) => {
      expect(
        await rejectsWithCryptoError(cipher.decrypt(`${unknown}${ciphertext.slice(1)}`, 4)),
      ).toBe(true);
    });
    await fc.assert(property);
  });

  it('either decrypts or rejects with a StorageCryptoError, whatever the input', async () => {
    const cipher = new Cipher({ secrets: rawKey(), backend });
    const input = fc.oneof(
      text,
      text.map((data) => `2:${data}`),
      text.map((data) => `pt:${data}`),
    );
    const property = fc.asyncProperty(input, async (ciphertext) => {
      await cipher.decrypt(ciphertext, 4).catch((error: unknown) => {
        expect(error).toBeInstanceOf(StorageCryptoError);
      });
    });
    await fc.assert(property);
  });
});
