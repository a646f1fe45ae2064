import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueAccessToken, signingKeyId, verifyAccessToken } from '../src/auth/access-token.ts';

const key = new Uint8Array(randomBytes(32));
const claims = {
  environmentId: 'env-a',
  clientId: 'client-1',
  generation: 0,
  expiresAt: 2_000_000_000,
};

describe('access tokens', () => {
  it('round-trips the claims while unexpired', () => {
    const token = issueAccessToken(key, claims);
    expect(token).toMatch(/^rs2\.[\w-]{11}\.[\w-]+\.[\w-]+$/);
    expect(token.split('.')[1]).toBe(signingKeyId(key));
    expect(verifyAccessToken(key, token, 1_999_999_999_000)).toEqual(claims);
  });

  it('refuses an expired token, from its expiry second on', () => {
    const token = issueAccessToken(key, claims);
    expect(verifyAccessToken(key, token, 2_000_000_000_000)).toBeUndefined();
  });

  it('refuses a token signed with another key', () => {
    const token = issueAccessToken(new Uint8Array(randomBytes(32)), claims);
    expect(verifyAccessToken(key, token, 0)).toBeUndefined();
  });

  it('refuses an altered payload', () => {
    const [prefix, kid, , signature] = issueAccessToken(key, claims).split('.');
    const payload = Buffer.from(JSON.stringify({ e: 'env-b', c: 'client-1', x: 2_000_000_000 }));
    const forged = `${prefix}.${kid}.${payload.toString('base64url')}.${signature}`;
    expect(verifyAccessToken(key, forged, 0)).toBeUndefined();
  });

  it.each(['', 'rs2', 'rs2.a.b.c.d', 'rs2.e30.AAAA', 'rs2.!!!.@@@.###', 'Bearer x'])(
    'refuses the malformed token %j',
    (token) => {
      expect(verifyAccessToken(key, token, 0)).toBeUndefined();
    },
  );

  it('refuses a validly signed payload of the wrong shape', () => {
    const signedPart = `rs2.${signingKeyId(key)}.${Buffer.from('{"e":1}').toString('base64url')}`;
    const signature = createHmac('sha256', key).update(signedPart).digest('base64url');
    expect(verifyAccessToken(key, `${signedPart}.${signature}`, 0)).toBeUndefined();
  });

  it('accepts the previous key during a rotation, and only the keys given', () => {
    const previous = new Uint8Array(randomBytes(32));
    const old = issueAccessToken(previous, claims);
    expect(verifyAccessToken([key, previous], old, 0)).toEqual(claims);
    expect(verifyAccessToken([key], old, 0)).toBeUndefined();
    expect(verifyAccessToken([key, previous], issueAccessToken(key, claims), 0)).toEqual(claims);
  });

  it('refuses a token whose kid names another key than the one that signed it', () => {
    const previous = new Uint8Array(randomBytes(32));
    const [prefix, , payload, signature] = issueAccessToken(previous, claims).split('.');
    const relabelled = `${prefix}.${signingKeyId(key)}.${payload}.${signature}`;
    expect(verifyAccessToken([key, previous], relabelled, 0)).toBeUndefined();
    const kid = signingKeyId(key);
    const token = issueAccessToken(key, claims);
    const respelled = token.replace(`.${kid}.`, `.${kid}=.`);
    expect(verifyAccessToken([key], respelled, 0)).toBeUndefined();
  });

  describe('accepts only the canonical encoding of the signature', () => {
    const token = issueAccessToken(key, claims);
    const [prefix, kid, payload, signature] = token.split('.') as [string, string, string, string];
    const signedPrefix = `${prefix}.${kid}`;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes take 43 characters: the last one carries 4 bits and 2 unused ones.
    const last = alphabet.indexOf(signature.slice(-1));
    const unusedBit = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    const standard = Buffer.from(signature, 'base64url').toString('base64');
    const variants = {
      'with = padding': `${signature}=`,
      'in standard base64 (+, / and padding)': standard,
      'with a changed unused last bit': unusedBit,
      'with a trailing space': `${signature} `,
    };

    it('decodes every variant to the same signature bytes (what made them pass before)', () => {
      for (const variant of Object.values(variants)) {
        expect(Buffer.from(variant, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
      }
    });

    it.each(Object.entries(variants))('refuses the signature %s', (_name, variant) => {
      expect(verifyAccessToken(key, `${signedPrefix}.${payload}.${variant}`, 0)).toBeUndefined();
    });

    it('refuses standard-base64 characters in place of - and _', () => {
      // Find a token whose signature holds - or _ so that + and / stand for the same bits.
      for (let expiresAt = 2_000_000_000; ; expiresAt += 1) {
        const [p, id, body, sig] = issueAccessToken(key, { ...claims, expiresAt }).split('.') as [
          string,
          string,
          string,
          string,
        ];
        if (!/[-_]/.test(sig)) continue;
        const swapped = sig.replaceAll('-', '+').replaceAll('_', '/');
        expect(verifyAccessToken(key, `${p}.${id}.${body}.${sig}`, 0)).toBeDefined();
        expect(verifyAccessToken(key, `${p}.${id}.${body}.${swapped}`, 0)).toBeUndefined();
        return;
      }
    });
  });
});
