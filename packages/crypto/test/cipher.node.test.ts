import { describe, expect, it } from 'vitest';
import { Cipher } from '../src/cipher.node.ts';
import { nodeBackend } from '../src/node-backend.node.ts';
import { webCryptoBackend } from '../src/web-crypto-backend.ts';
import { PASSWORD, PLAINTEXT } from './support/constants.ts';
import { referenceDecrypt } from './support/reference.ts';
import { StaticSecretSource } from './support/secret-source.ts';

describe('Cipher of the Node entry', () => {
  it('uses node:crypto by default', async () => {
    const cipher = new Cipher({ secrets: new StaticSecretSource(PASSWORD) });
    expect(cipher.backend).toBe(nodeBackend);
    const { ciphertext } = await cipher.encrypt(PLAINTEXT);
    expect(referenceDecrypt(ciphertext, PASSWORD).toString('utf8')).toBe(PLAINTEXT);
    expect(await cipher.decrypt(ciphertext)).toBe(PLAINTEXT);
  });

  it('uses the backend it is given', () => {
    expect(new Cipher({ backend: webCryptoBackend }).backend).toBe(webCryptoBackend);
  });
});
