// The client proof of SCRAMSHA256 without PBKDF2, computed the way hdb computes it
// (lib/protocol/auth/SCRAMSHA256.js), so the fake server can check the password.

import { Buffer } from 'node:buffer';
import { createHash, createHmac } from 'node:crypto';

/** The values both sides mix into the proof. */
export interface ScramExchange {
  readonly salt: Buffer;
  readonly serverKey: Buffer;
  readonly clientChallenge: Buffer;
}

/** SCRAMSHA256 without PBKDF2, as hdb computes it: the server knows the password. */
export function clientProof(password: string, scram: ScramExchange): Buffer {
  const hmac = (key: Buffer, message: Buffer) => createHmac('sha256', key).update(message).digest();
  const key = createHash('sha256')
    .update(hmac(Buffer.from(password, 'utf8'), scram.salt))
    .digest();
  const signature = hmac(
    createHash('sha256').update(key).digest(),
    Buffer.concat([scram.salt, scram.serverKey, scram.clientChallenge]),
  );
  return Buffer.from(signature.map((byte, index) => byte ^ (key[index] ?? 0)));
}
