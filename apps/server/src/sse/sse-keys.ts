// Server-side encryption keys are per environment, derived from one master key with HKDF-SHA256
// (RFC 5869): environments never share a key, and the operator keeps one secret. Two keys per
// environment, separated by the `info` label: one encrypts bodies (AES-256-GCM), one makes the
// keyed hashes of key fields (HMAC-SHA256).

import { hkdfSync } from 'node:crypto';

/** The keys of one environment. */
export interface SseKeys {
  /** AES-256-GCM key of the stored envelope. */
  readonly encryptionKey: Uint8Array;
  /** HMAC-SHA256 key of key fields. */
  readonly hashKey: Uint8Array;
}

const SALT = 'residency-server-sse-v1';

function derive(masterKey: Uint8Array, label: string, environmentId: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', masterKey, SALT, `${label}:${environmentId}`, 32));
}

/**
 * Derives one environment's SSE keys.
 *
 * @param masterKey The server's SSE master key (32 bytes).
 * @param environmentId The environment.
 * @returns Its encryption and hash keys.
 */
export function deriveSseKeys(masterKey: Uint8Array, environmentId: string): SseKeys {
  return {
    encryptionKey: derive(masterKey, 'encrypt', environmentId),
    hashKey: derive(masterKey, 'hash', environmentId),
  };
}
