import { describe, expect, it } from 'vitest';
import { Cipher } from '../src/cipher.ts';
import { expectCryptoError } from './support/assertions.ts';
import { backends, countingBackend } from './support/backends.ts';
import { OTHER_PASSWORD, PASSWORD, PLAINTEXT, RAW_KEY } from './support/constants.ts';
import { referenceDecrypt, splitAes } from './support/reference.ts';
import { StaticSecretSource } from './support/secret-source.ts';

// Derived-key reuse (README, security notes): the format stays `2:` byte for byte; only how
// often PBKDF2 runs changes.

describe.each(backends)('derived keys on the $name backend', (inner) => {
  function setup(options: ConstructorParameters<typeof Cipher>[0] = {}) {
    const backend = countingBackend(inner);
    const secrets = new StaticSecretSource(PASSWORD);
    const cipher = new Cipher({ secrets, backend, ...options });
    return { backend, secrets, cipher };
  }

  async function encryptMany(cipher: Cipher, count: number): Promise<string[]> {
    const results: string[] = [];
    for (let index = 0; index < count; index++) {
      results.push((await cipher.encrypt(`${PLAINTEXT} #${index}`)).ciphertext);
    }
    return results;
  }

  it('reuses one salt and key with a fresh IV per message', async () => {
    const { backend, cipher } = setup();
    const parts = (await encryptMany(cipher, 4)).map(splitAes);
    expect(new Set(parts.map((part) => part.salt)).size).toBe(1);
    expect(new Set(parts.map((part) => part.iv)).size).toBe(4);
    expect(backend.counts.pbkdf2).toBe(1);
  });

  it('writes ciphertexts the official SDK, a non-reusing and a fresh cipher all read', async () => {
    const { backend, cipher, secrets } = setup();
    const ciphertexts = await encryptMany(cipher, 3);
    for (const [index, ciphertext] of ciphertexts.entries()) {
      const expected = `${PLAINTEXT} #${index}`;
      expect(referenceDecrypt(ciphertext, PASSWORD).toString('utf8')).toBe(expected);
      expect(await cipher.decrypt(ciphertext, 0)).toBe(expected);
      const official = new Cipher({ secrets, backend: inner, keyReuse: false, keyCacheSize: 0 });
      expect(await official.decrypt(ciphertext, 0)).toBe(expected);
    }
    // The writer's key went into its own read cache: reading its writes derived nothing more.
    expect(backend.counts.pbkdf2).toBe(1);
    const reader = setup();
    for (const ciphertext of ciphertexts) await reader.cipher.decrypt(ciphertext, 0);
    expect(reader.backend.counts.pbkdf2).toBe(1);
  });

  it('draws a new salt after maxMessages, counting concurrent encrypts exactly', async () => {
    const { backend, cipher } = setup({ keyReuse: { maxMessages: 2 } });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => cipher.encrypt(PLAINTEXT)));
    const salts = results.map(({ ciphertext }) => splitAes(ciphertext).salt);
    expect(salts[0]).toBe(salts[1]);
    expect(salts[2]).toBe(salts[3]);
    expect(new Set(salts).size).toBe(3);
    expect(backend.counts.pbkdf2).toBe(3);
  });

  it('draws a new salt once maxAgeMs has passed', async () => {
    let now = 1_000_000;
    const { backend, cipher } = setup({ keyReuse: { maxAgeMs: 1000 }, now: () => now });
    const first = splitAes((await cipher.encrypt(PLAINTEXT)).ciphertext).salt;
    now += 999;
    expect(splitAes((await cipher.encrypt(PLAINTEXT)).ciphertext).salt).toBe(first);
    now += 1;
    expect(splitAes((await cipher.encrypt(PLAINTEXT)).ciphertext).salt).not.toBe(first);
    expect(backend.counts.pbkdf2).toBe(2);
  });

  it('derives a fresh salt and key per message when keyReuse is false', async () => {
    const { backend, cipher } = setup({ keyReuse: false });
    const salts = (await encryptMany(cipher, 3)).map((ciphertext) => splitAes(ciphertext).salt);
    expect(new Set(salts).size).toBe(3);
    expect(backend.counts.pbkdf2).toBe(3);
  });

  it('never meets a stale key when a secret changes under the same version', async () => {
    const { backend, cipher, secrets } = setup();
    const before = (await cipher.encrypt(PLAINTEXT)).ciphertext;
    secrets.replace(OTHER_PASSWORD);
    // The old ciphertext now meets the new secret: it must fail, not decrypt with a cached key.
    await expectCryptoError(cipher.decrypt(before, 0), [PASSWORD, OTHER_PASSWORD, PLAINTEXT]);
    const after = (await cipher.encrypt(PLAINTEXT)).ciphertext;
    expect(splitAes(after).salt).not.toBe(splitAes(before).salt);
    expect(referenceDecrypt(after, OTHER_PASSWORD).toString('utf8')).toBe(PLAINTEXT);
    expect(await cipher.decrypt(after, 0)).toBe(PLAINTEXT);
    secrets.replace(PASSWORD);
    expect(await cipher.decrypt(before, 0)).toBe(PLAINTEXT);
    expect(backend.counts.pbkdf2).toBe(3);
  });

  it('draws a new salt when the current version changes', async () => {
    const { cipher, secrets } = setup();
    const before = splitAes((await cipher.encrypt(PLAINTEXT)).ciphertext).salt;
    secrets.replace({ currentVersion: 1, secrets: [{ secret: PASSWORD, version: 1 }] });
    const after = await cipher.encrypt(PLAINTEXT);
    expect(after.version).toBe(1);
    expect(splitAes(after.ciphertext).salt).not.toBe(before);
  });

  it('keeps at most keyCacheSize keys, least recently used out first', async () => {
    const writer = setup({ keyReuse: false });
    const [first, second, third] = await encryptMany(writer.cipher, 3);
    const { backend, cipher } = setup({ keyCacheSize: 2 });
    for (const ciphertext of [first, second, third]) await cipher.decrypt(ciphertext as string, 0);
    expect(cipher.cachedKeyCount).toBe(2);
    expect(backend.counts.pbkdf2).toBe(3);
    await cipher.decrypt(third as string, 0);
    expect(backend.counts.pbkdf2).toBe(3);
    await cipher.decrypt(first as string, 0);
    expect(backend.counts.pbkdf2).toBe(4);
    expect(cipher.cachedKeyCount).toBe(2);
  });

  it('caches nothing with keyCacheSize 0', async () => {
    const writer = setup({ keyReuse: false });
    const [ciphertext] = await encryptMany(writer.cipher, 1);
    const { backend, cipher } = setup({ keyCacheSize: 0 });
    await cipher.decrypt(ciphertext as string, 0);
    await cipher.decrypt(ciphertext as string, 0);
    expect(backend.counts.pbkdf2).toBe(2);
    expect(cipher.cachedKeyCount).toBe(0);
  });

  it('shares one in-flight derivation between concurrent callers', async () => {
    const writer = setup({ keyReuse: false });
    const [ciphertext] = await encryptMany(writer.cipher, 1);
    const reader = setup();
    const plaintexts = await Promise.all(
      [1, 2, 3].map(() => reader.cipher.decrypt(ciphertext as string, 0)),
    );
    expect(new Set(plaintexts)).toEqual(new Set([`${PLAINTEXT} #0`]));
    expect(reader.backend.counts.pbkdf2).toBe(1);
    const fresh = setup();
    await Promise.all([1, 2, 3].map(() => fresh.cipher.encrypt(PLAINTEXT)));
    expect(fresh.backend.counts.pbkdf2).toBe(1);
  });

  it('retries a derivation that failed instead of caching the failure', async () => {
    const { backend, cipher } = setup();
    backend.failNextPbkdf2 = true;
    const error = await expectCryptoError(cipher.encrypt(PLAINTEXT), [PASSWORD, PLAINTEXT]);
    expect((error.cause as Error).message).toBe('injected PBKDF2 failure');
    const { ciphertext } = await cipher.encrypt(PLAINTEXT);
    expect(await cipher.decrypt(ciphertext, 0)).toBe(PLAINTEXT);
    expect(backend.counts.pbkdf2).toBe(2);
  });

  it('uses raw keys without PBKDF2, importing each once', async () => {
    const backend = countingBackend(inner);
    const secrets = new StaticSecretSource({
      currentVersion: 1,
      secrets: [{ secret: RAW_KEY, version: 1, isKey: true }],
    });
    const cipher = new Cipher({ secrets, backend });
    const ciphertexts = await encryptMany(cipher, 3);
    for (const ciphertext of ciphertexts) await cipher.decrypt(ciphertext, 1);
    expect(new Set(ciphertexts.map((ciphertext) => splitAes(ciphertext).salt)).size).toBe(3);
    expect(backend.counts).toEqual({ pbkdf2: 0, importAesKey: 1 });
  });
});
