// What SSE stores in `body`: one AES-256-GCM envelope holding the plaintext body, the precommit
// body and the original values of every hashed key field, so reads give SSE clients back exactly
// what they wrote. `sse1:` + base64(iv(12) ‖ ciphertext ‖ tag(16)). The additional data binds an
// envelope to its environment and stored record key: a body copied onto another record fails
// to open instead of leaking there.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as v from 'valibot';

/** The tag that starts every SSE envelope. */
const SSE_ENVELOPE_PREFIX = 'sse1:';

/** What an envelope holds. */
export interface SseEnvelopeContent {
  /** Original values of the key fields stored as hashes, by wire field name. */
  readonly meta: { readonly [field: string]: string };
  readonly body: string | null;
  readonly precommit_body: string | null;
}

const ContentSchema = v.object({
  meta: v.record(v.string(), v.string()),
  body: v.nullable(v.string()),
  precommit_body: v.nullable(v.string()),
});

const IV_LENGTH = 12;
const TAG_LENGTH = 16;

function additionalData(environmentId: string, storedRecordKey: string): Buffer {
  return Buffer.from(JSON.stringify(['residency-sse-v1', environmentId, storedRecordKey]));
}

/**
 * Seals an envelope.
 *
 * @param key The environment's encryption key.
 * @param environmentId The environment (bound as additional data).
 * @param storedRecordKey The record key as stored (bound as additional data).
 * @param content What to seal.
 * @returns The stored `body`.
 */
export function sealEnvelope(
  key: Uint8Array,
  environmentId: string,
  storedRecordKey: string,
  content: SseEnvelopeContent,
): string {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(additionalData(environmentId, storedRecordKey));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  return SSE_ENVELOPE_PREFIX + Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64');
}

/**
 * Opens an envelope.
 *
 * @param key The environment's encryption key.
 * @param environmentId The environment.
 * @param storedRecordKey The record key as stored.
 * @param body The stored `body`.
 * @returns The content, or `undefined` when `body` is not an envelope this key opens.
 */
export function openEnvelope(
  key: Uint8Array,
  environmentId: string,
  storedRecordKey: string,
  body: string,
): SseEnvelopeContent | undefined {
  if (!body.startsWith(SSE_ENVELOPE_PREFIX)) return undefined;
  const bytes = Buffer.from(body.slice(SSE_ENVELOPE_PREFIX.length), 'base64');
  if (bytes.length < IV_LENGTH + TAG_LENGTH) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_LENGTH), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAAD(additionalData(environmentId, storedRecordKey));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_LENGTH));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_LENGTH, bytes.length - TAG_LENGTH)),
      decipher.final(),
    ]);
    const result = v.safeParse(ContentSchema, JSON.parse(plain.toString('utf8')));
    return result.success ? result.output : undefined;
  } catch {
    return undefined;
  }
}
