import { describe, expect, it } from 'vitest';
import { Cipher } from '../src/cipher.ts';
import { hashKey as nodeHashKey } from '../src/hash-key.node.ts';
import { hashKey } from '../src/hash-key.ts';
import { backends } from './support/backends.ts';
import { StaticSecretSource } from './support/secret-source.ts';
import {
  compatibilityVectors,
  HASHED_FIELDS,
  hashVectors,
  type RecordVector,
  recordFieldOf,
  recordVectors,
  SEARCH_KEY_FIELDS,
} from './support/vectors.ts';

// Known answers: every vector the official InCountry Node SDK 3.5.0 produced
// (shared/vectors/README.md). Bodies are randomized, so they are decrypted, not reproduced.

interface Envelope {
  meta: Record<string, string | null>;
  payload?: string | null;
}

describe('fixture', () => {
  it('has record and hash vectors', () => {
    expect(recordVectors.length).toBeGreaterThanOrEqual(96);
    expect(hashVectors.length).toBeGreaterThanOrEqual(16);
  });
});

describe.each(backends)('official vectors decrypt on the $name backend', (backend) => {
  async function decrypt(vector: RecordVector, field: 'body' | 'precommit_body'): Promise<string> {
    const cipher = new Cipher({ secrets: new StaticSecretSource(vector.secretsData), backend });
    return cipher.decrypt(vector.wire[field] as string, vector.wire.version as number);
  }

  it.each(recordVectors)('vector $index ($secrets) body', async (vector) => {
    const envelope = JSON.parse(await decrypt(vector, 'body')) as Envelope;
    expect(envelope.payload ?? null).toBe(vector.record.body ?? null);
    expect(envelope.meta.record_key).toBe(vector.record.recordKey);
    for (const [field, value] of Object.entries(envelope.meta)) {
      expect(value, field).toBe(vector.record[recordFieldOf(field)] ?? null);
    }
  });

  it.each(recordVectors.filter((vector) => 'precommit_body' in vector.wire))(
    'vector $index ($secrets) precommit body',
    async (vector) => {
      expect(await decrypt(vector, 'precommit_body')).toBe(vector.record.precommitBody);
    },
  );
});

describe.each([
  { entry: 'default', hash: hashKey },
  { entry: 'node', hash: nodeHashKey },
])('official hashes from the $entry entry', ({ hash }) => {
  it.each(recordVectors)('vector $index wire keys', (vector) => {
    const options = { normalize: vector.normalizeKeys };
    const expected = vector.expectedWire ?? vector.wire;
    for (const [wireField, recordField] of HASHED_FIELDS) {
      const value = vector.record[recordField];
      if (typeof value === 'string') {
        expect(vector.wire[wireField], wireField).toBe(hash(value, vector.envId, options));
      } else expect(vector.wire[wireField] ?? null, wireField).toBe(value ?? null);
    }
    for (const field of SEARCH_KEY_FIELDS) {
      const value = vector.record[field];
      if (typeof value !== 'string') continue;
      const sent = vector.hashSearchKeys
        ? hash(value, vector.envId, options)
        : vector.normalizeKeys
          ? value.toLowerCase()
          : value;
      expect(expected[field], field).toBe(sent);
    }
  });

  it.each(hashVectors)('vector $index filter hashes', (vector) => {
    for (const { value, hash: expected } of vector.hashes) {
      expect(hash(value, vector.envId, { normalize: vector.normalizeKeys })).toBe(expected);
    }
  });
});

describe.each(backends)(
  "the official SDKs' own compatibility vectors on the $name backend",
  (backend) => {
    const { envId, secret, records } = compatibilityVectors;
    const cipher = new Cipher({ secrets: new StaticSecretSource(secret), backend });

    it.each(records.map((vector, index) => ({ ...vector, index })))(
      'record $index',
      async ({ record, wire }) => {
        const envelope = JSON.parse(await cipher.decrypt(wire.body as string, 0)) as Envelope;
        expect(envelope.payload).toBe(record.body);
        for (const [field, value] of Object.entries(envelope.meta)) {
          // Record 0 predates the rename: its meta calls the record key `key`.
          expect(value, field).toBe(record[field === 'key' ? 'record_key' : field]);
        }
        if (wire.precommit_body !== undefined) {
          expect(await cipher.decrypt(wire.precommit_body as string, 0)).toBe(
            record.precommit_body,
          );
        }
        for (const [field, value] of Object.entries(wire)) {
          if (field === 'body' || field === 'precommit_body' || field === 'version') continue;
          expect(value, field).toBe(hashKey(record[field] as string, envId));
          expect(value, field).toBe(nodeHashKey(record[field] as string, envId));
        }
      },
    );
  },
);
