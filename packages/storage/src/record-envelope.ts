// The body envelope (protocol.md §6.4): the text encrypted into `body` is the JSON
// `{"meta": {…}, "payload": body}`, `meta` holding the original values of the hashed keys so a
// read can restore them.

import { StorageServerResponseValidationError } from '@residency/errors';
import { describeIssues, KEY_FIELDS, type KeyField } from '@residency/protocol';
import * as v from 'valibot';

/** `meta` as we write it: every key field with a value, in `KEY_FIELDS` order. */
export type EnvelopeMeta = { [field in KeyField]?: string };

/** A parsed envelope's `meta`: key fields (and the legacy `key`) as strings or null. */
export type ReadEnvelopeMeta = { readonly [field in KeyField | 'key']?: string | null | undefined };

/** What a decrypted body turned out to be. */
export type DecryptedBody =
  | {
      readonly kind: 'envelope';
      readonly meta: ReadEnvelopeMeta;
      readonly payload: string | null;
    }
  | { readonly kind: 'text'; readonly text: string };

const META_RULE = 'must be a string or null';

const EnvelopeSchema = v.object(
  {
    meta: v.looseObject(
      Object.fromEntries(
        [...KEY_FIELDS, 'key'].map((field) => [field, v.nullish(v.string(META_RULE))]),
      ),
      'must be an object',
    ),
    payload: v.nullish(v.string(META_RULE)),
  },
  'must be an object',
);

/**
 * Serializes the envelope our writes encrypt.
 *
 * @param meta The key fields with a value, after normalization (the seed's layout).
 * @param payload The record's body, `null` when it has none.
 * @returns The JSON text to encrypt.
 */
export function formatEnvelope(meta: EnvelopeMeta, payload: string | null): string {
  return JSON.stringify({ meta, payload });
}

function isEnvelopeLike(value: unknown): value is { readonly meta: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'meta' in value;
}

/**
 * Reads a decrypted body. A JSON object with a `meta` key is an envelope and must be a valid
 * one; anything else (not JSON, or JSON without `meta`) is a body written without an envelope
 * and is returned as text, as the seed does with a body that is not JSON.
 *
 * @param text The decrypted body.
 * @returns The envelope's meta and payload, or the text itself.
 * @throws {StorageServerResponseValidationError} When the envelope's `meta` is not an object of
 *   strings or nulls or its `payload` is not a string or null ("Invalid record body", naming
 *   the field, never a value).
 */
export function parseEnvelope(text: string): DecryptedBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'text', text };
  }
  if (!isEnvelopeLike(parsed)) return { kind: 'text', text };
  const result = v.safeParse(EnvelopeSchema, parsed);
  if (!result.success) {
    const issues = describeIssues(result.issues, { root: 'envelope' });
    throw new StorageServerResponseValidationError(`Invalid record body: ${issues}`);
  }
  const { meta, payload } = result.output;
  return { kind: 'envelope', meta: meta as ReadEnvelopeMeta, payload: payload ?? null };
}
