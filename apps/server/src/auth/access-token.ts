// Access tokens are self-contained and signed, so any copy of the server holding the signing key
// can check them without shared state: `rs2.<kid>.<payload>.<signature>`, the kid naming the
// signing key (the first 8 bytes of a SHA-256 of it, base64url: it says which key, not what),
// the payload base64url JSON `{"e": environment, "c": client, "g": the client's secret
// generation, "x": expiry in epoch seconds}`, the signature base64url HMAC-SHA256 over
// `rs2.<kid>.<payload>`. The kid lets a copy accept tokens of the previous key during a key
// rotation. A forged or altered token fails the constant-time compare. (`rs1` tokens, without a
// kid, are refused: their holders fetch a new token once, as after any 401.)

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';

/** What a valid token says. */
export interface TokenClaims {
  /** The environment the token acts for. */
  readonly environmentId: string;
  /** The client it was issued to. */
  readonly clientId: string;
  /** The client's secret generation when it was issued; a rotation makes older tokens invalid. */
  readonly generation: number;
  /** When it stops being valid, epoch seconds. */
  readonly expiresAt: number;
}

const PREFIX = 'rs2';

const PayloadSchema = v.object({
  e: v.pipe(v.string(), v.minLength(1)),
  c: v.pipe(v.string(), v.minLength(1)),
  // Tokens issued before generations existed carry none: they belong to generation 0.
  g: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0)), 0),
  x: v.pipe(v.number(), v.safeInteger()),
});

/**
 * Names a signing key in tokens.
 *
 * @param signingKey The HMAC key.
 * @returns Its key id: 11 base64url characters of a SHA-256 of the key.
 */
export function signingKeyId(signingKey: Uint8Array): string {
  return createHash('sha256')
    .update('residency token signing key id\0')
    .update(signingKey)
    .digest()
    .subarray(0, 8)
    .toString('base64url');
}

function sign(signingKey: Uint8Array, signedPart: string): Buffer {
  return createHmac('sha256', signingKey).update(signedPart).digest();
}

/**
 * Issues a token.
 *
 * @param signingKey The server's HMAC key (32 bytes).
 * @param claims The environment, the client, its generation and the expiry (epoch seconds).
 * @returns The bearer token.
 */
export function issueAccessToken(signingKey: Uint8Array, claims: TokenClaims): string {
  const payload = JSON.stringify({
    e: claims.environmentId,
    c: claims.clientId,
    g: claims.generation,
    x: claims.expiresAt,
  });
  const kid = signingKeyId(signingKey);
  const signedPart = `${PREFIX}.${kid}.${Buffer.from(payload).toString('base64url')}`;
  return `${signedPart}.${sign(signingKey, signedPart).toString('base64url')}`;
}

/**
 * Checks a token's signature and expiry.
 *
 * @param signingKeys The keys accepted: the current one, and the previous one during a
 *   rotation (a single key stands for a list of one). The token's kid picks the key.
 * @param token The bearer token as received.
 * @param now The current time, epoch milliseconds.
 * @returns The claims, or `undefined` when the token is malformed, forged, expired, or signed
 *   by a key not accepted.
 */
export function verifyAccessToken(
  signingKeys: Uint8Array | readonly Uint8Array[],
  token: string,
  now: number,
): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== PREFIX) return undefined;
  const [prefix, kid, payloadPart, signaturePart] = parts as [string, string, string, string];
  const keys = signingKeys instanceof Uint8Array ? [signingKeys] : signingKeys;
  // The kid is compared as text: only the exact spelling of a known key's id names it.
  const signingKey = keys.find((key) => signingKeyId(key) === kid);
  if (signingKey === undefined) return undefined;
  if (!signatureMatches(sign(signingKey, `${prefix}.${kid}.${payloadPart}`), signaturePart)) {
    return undefined;
  }
  const payload = v.safeParse(PayloadSchema, parseJson(Buffer.from(payloadPart, 'base64url')));
  if (!payload.success || payload.output.x * 1000 <= now) return undefined;
  return {
    environmentId: payload.output.e,
    clientId: payload.output.c,
    generation: payload.output.g,
    expiresAt: payload.output.x,
  };
}

// Only the encoding the server issues is accepted: Node's base64url decoder also takes `=`
// padding, `+` and `/`, and ignores the unused low bits of the last character, so comparing
// decoded bytes would let one signature be written several ways. Comparing the text of the
// canonical encoding refuses every other spelling; the compare is constant-time.
function signatureMatches(expected: Buffer, given: string): boolean {
  const canonical = Buffer.from(expected.toString('base64url'), 'latin1');
  const presented = Buffer.from(given, 'latin1');
  return presented.length === canonical.length && timingSafeEqual(presented, canonical);
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
