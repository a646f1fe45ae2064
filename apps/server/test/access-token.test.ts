import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueAccessToken, verifyAccessToken } from '../src/auth/access-token.ts';

const key = new Uint8Array(randomBytes(32));
const claims = { environmentId: 'env-a', clientId: 'client-1', expiresAt: 2_000_000_000 };

describe('access tokens', () => {
  it('round-trips the claims while unexpired', () => {
    const token = issueAccessToken(key, claims);
    expect(token).toMatch(/^rs1\.[\w-]+\.[\w-]+$/);
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
    const [prefix, , signature] = issueAccessToken(key, claims).split('.');
    const payload = Buffer.from(JSON.stringify({ e: 'env-b', c: 'client-1', x: 2_000_000_000 }));
    const forged = `${prefix}.${payload.toString('base64url')}.${signature}`;
    expect(verifyAccessToken(key, forged, 0)).toBeUndefined();
  });

  it.each(['', 'rs1', 'rs1.a.b.c', 'rs2.e30.AAAA', 'rs1.!!!.@@@', 'Bearer x'])(
    'refuses the malformed token %j',
    (token) => {
      expect(verifyAccessToken(key, token, 0)).toBeUndefined();
    },
  );

  it('refuses a validly signed payload of the wrong shape', () => {
    const signedPart = `rs1.${Buffer.from('{"e":1}').toString('base64url')}`;
    const signature = createHmac('sha256', key).update(signedPart).digest('base64url');
    expect(verifyAccessToken(key, `${signedPart}.${signature}`, 0)).toBeUndefined();
  });
});
