import { afterEach, describe, expect, it, vi } from 'vitest';
import { Cipher } from '../src/cipher.ts';
import { base64Decode, utf8Encode } from '../src/encoding.ts';
import { nobleBackend } from '../src/noble-backend.ts';
import { webCryptoBackend } from '../src/web-crypto-backend.ts';
import { backends } from './support/backends.ts';
import { OTHER_PASSWORD, PASSWORD, PLAINTEXT, RAW_KEY } from './support/constants.ts';
import { referenceDecrypt, referenceEncrypt } from './support/reference.ts';
import { StaticSecretSource } from './support/secret-source.ts';

const VERSIONED = {
  currentVersion: 2,
  secrets: [
    { secret: OTHER_PASSWORD, version: 1 },
    { secret: PASSWORD, version: 2 },
    { secret: RAW_KEY, version: 3, isKey: true },
  ],
};

describe.each(backends)('Cipher on the $name backend', (backend) => {
  const cipherWith = (data: ConstructorParameters<typeof StaticSecretSource>[0]) =>
    new Cipher({ secrets: new StaticSecretSource(data), backend });

  it('writes and reads pt: without secrets, as version 0', async () => {
    const cipher = new Cipher({ backend });
    const result = await cipher.encrypt(PLAINTEXT);
    expect(result).toEqual({
      ciphertext: `pt:${Buffer.from(PLAINTEXT).toString('base64')}`,
      version: 0,
    });
    expect(await cipher.decrypt(result.ciphertext)).toBe(PLAINTEXT);
    expect(await cipher.encrypt('')).toEqual({ ciphertext: 'pt:', version: 0 });
    expect(await cipher.decrypt('pt:')).toBe('');
  });

  it('reads pt: when it has secrets, without asking for one', async () => {
    const secrets = new StaticSecretSource(PASSWORD);
    const getSecret = vi.spyOn(secrets, 'getSecret');
    const cipher = new Cipher({ secrets, backend });
    expect(await cipher.decrypt('pt:aGVsbG8=', 5)).toBe('hello');
    expect(getSecret).not.toHaveBeenCalled();
  });

  it('writes 2: as salt(64) | iv(12) | ciphertext | tag(16), which the official SDK reads', async () => {
    const { ciphertext, version } = await cipherWith(VERSIONED).encrypt(PLAINTEXT);
    expect(version).toBe(2);
    expect(ciphertext).toMatch(/^2:[A-Za-z0-9+/]+={0,2}$/);
    expect(base64Decode(ciphertext.slice(2))).toHaveLength(
      64 + 12 + utf8Encode(PLAINTEXT).length + 16,
    );
    expect(referenceDecrypt(ciphertext, PASSWORD).toString('utf8')).toBe(PLAINTEXT);
  });

  it('writes 2: with a raw key used directly, which the official SDK reads', async () => {
    const cipher = cipherWith({ currentVersion: 3, secrets: VERSIONED.secrets });
    const { ciphertext, version } = await cipher.encrypt(PLAINTEXT);
    expect(version).toBe(3);
    expect(referenceDecrypt(ciphertext, RAW_KEY, true).toString('utf8')).toBe(PLAINTEXT);
    const again = await cipher.encrypt(PLAINTEXT);
    // The salt is still random per message, as the official SDKs write it.
    expect(again.ciphertext.slice(0, 80)).not.toBe(ciphertext.slice(0, 80));
  });

  it('ignores the salt of a raw-key ciphertext, as the format does', async () => {
    const cipher = cipherWith({ currentVersion: 3, secrets: VERSIONED.secrets });
    const { ciphertext } = await cipher.encrypt(PLAINTEXT);
    const bytes = base64Decode(ciphertext.slice(2));
    bytes.fill(0, 0, 64);
    expect(await cipher.decrypt(`2:${Buffer.from(bytes).toString('base64')}`, 3)).toBe(PLAINTEXT);
  });

  it('reads 2: and legacy 1: (either hex case) written by the official algorithm', async () => {
    const cipher = cipherWith(VERSIONED);
    const plaintext = utf8Encode(PLAINTEXT);
    const current = referenceEncrypt(plaintext, PASSWORD);
    const legacy = referenceEncrypt(plaintext, PASSWORD, { format: '1' });
    const raw = referenceEncrypt(plaintext, RAW_KEY, { isKey: true });
    expect(await cipher.decrypt(current, 2)).toBe(PLAINTEXT);
    expect(await cipher.decrypt(legacy, 2)).toBe(PLAINTEXT);
    expect(await cipher.decrypt(`1:${legacy.slice(2).toUpperCase()}`, 2)).toBe(PLAINTEXT);
    expect(await cipher.decrypt(raw, 3)).toBe(PLAINTEXT);
  });

  it('decrypts with the secret of the record version, the current one when none is given', async () => {
    const secrets = new StaticSecretSource({ currentVersion: 1, secrets: VERSIONED.secrets });
    const cipher = new Cipher({ secrets, backend });
    const old = await cipher.encrypt(PLAINTEXT);
    expect(old.version).toBe(1);
    secrets.replace(VERSIONED);
    const reader = new Cipher({ secrets, backend });
    expect(await reader.decrypt(old.ciphertext, 1)).toBe(PLAINTEXT);
    const fresh = await reader.encrypt('now');
    expect(await reader.decrypt(fresh.ciphertext)).toBe('now');
    expect(await reader.decrypt(fresh.ciphertext, null)).toBe('now');
  });

  it('round-trips the empty string, astral characters and a long text', async () => {
    const cipher = cipherWith(PASSWORD);
    for (const text of ['', '𝄞🚀👩‍👩‍👧', 'x'.repeat(100_000)]) {
      const { ciphertext } = await cipher.encrypt(text);
      expect(await cipher.decrypt(ciphertext, 0)).toBe(text);
    }
  });
});

describe('Cipher of the default entry', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses WebCrypto where crypto.subtle exists', () => {
    expect(new Cipher().backend).toBe(webCryptoBackend);
  });

  it('falls back to noble without crypto.subtle, decided at first use', async () => {
    const cipher = new Cipher({ secrets: new StaticSecretSource(PASSWORD) });
    const getRandomValues = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    vi.stubGlobal('crypto', { getRandomValues });
    const { ciphertext } = await cipher.encrypt(PLAINTEXT);
    expect(cipher.backend).toBe(nobleBackend);
    expect(referenceDecrypt(ciphertext, PASSWORD).toString('utf8')).toBe(PLAINTEXT);
  });

  it('uses the backend it is given', () => {
    expect(new Cipher({ backend: nobleBackend }).backend).toBe(nobleBackend);
  });
});
