import { hashKey } from '@residency/crypto';
import { ApiRecordSchema, ServerRecordSchema } from '@residency/protocol';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { RecordCodec, type RecordData } from '../src/index.ts';
import { expectedRecord, seedMeta } from './support/expected-record.ts';
import {
  HASH_VECTORS,
  plainFieldsOf,
  RECORD_VECTORS,
  vectorCipher,
  vectorCodec,
} from './support/record-vectors.ts';

function label(vector: { index: number; normalizeKeys: boolean; hashSearchKeys: boolean }) {
  return `#${vector.index} normalizeKeys=${vector.normalizeKeys} hashSearchKeys=${vector.hashSearchKeys}`;
}

describe('the Node SDK 3.5.0 vectors', () => {
  it('holds the vectors the README describes', () => {
    expect(RECORD_VECTORS).toHaveLength(96);
    expect(HASH_VECTORS).toHaveLength(16);
    expect(RECORD_VECTORS.filter((vector) => vector.expectedWire !== undefined)).toHaveLength(24);
  });

  describe.each(RECORD_VECTORS.map((vector) => [label(vector), vector] as const))(
    '%s',
    (_, vector) => {
      it('encodes the record to the same non-ciphertext wire fields', async () => {
        const wire = await vectorCodec(vector).encode(vector.record as RecordData);
        expect(plainFieldsOf(wire)).toEqual(plainFieldsOf(vector.expectedWire ?? vector.wire));
        expect(v.safeParse(ApiRecordSchema, wire).success).toBe(true);
      });

      it('encodes a body in the seed layout and a precommit body that decrypt', async () => {
        const cipher = vectorCipher(vector);
        const wire = await vectorCodec(vector, cipher).encode(vector.record as RecordData);
        const envelope = JSON.parse(await cipher.decrypt(wire.body as string, wire.version));
        expect(envelope).toEqual({
          meta: seedMeta(vector.record, vector.normalizeKeys),
          payload: vector.record.body ?? null,
        });
        const precommit = vector.record.precommitBody;
        if (precommit == null) expect(wire).not.toHaveProperty('precommit_body');
        else
          expect(await cipher.decrypt(wire.precommit_body as string, wire.version)).toBe(precommit);
      });

      it("decodes the Node SDK's wire back to the record", async () => {
        const server = v.parse(ServerRecordSchema, vector.wire);
        const record = await vectorCodec(vector).decode(server);
        expect(record).toEqual(
          expectedRecord(vector.record, { version: vector.wire.version as number }),
        );
      });

      it("decrypts the Node SDK's body to an envelope holding the body", async () => {
        const cipher = vectorCipher(vector);
        const text = await cipher.decrypt(
          vector.wire.body as string,
          vector.wire.version as number,
        );
        const envelope = JSON.parse(text);
        expect(envelope.payload ?? null).toBe(vector.record.body ?? null);
        expect(envelope.meta.record_key).toBe(vector.record.recordKey);
      });

      it('reads back its own write, keys lowercased with normalizeKeys', async () => {
        const codec = vectorCodec(vector);
        const wire = await codec.encode(vector.record as RecordData);
        const record = await codec.decode(v.parse(ServerRecordSchema, wire));
        expect(record).toEqual(
          expectedRecord(vector.record, {
            version: wire.version as number,
            lowercaseKeys: vector.normalizeKeys,
          }),
        );
      });
    },
  );

  describe.each(HASH_VECTORS.map((vector) => [`#${vector.index}`, vector] as const))(
    'hash vector %s',
    (_, vector) => {
      const codec = new RecordCodec({
        environmentId: vector.envId,
        normalizeKeys: vector.normalizeKeys,
        hashSearchKeys: vector.hashSearchKeys,
        encryption: 'OFF',
      });

      it.each(vector.hashes.map((entry) => [entry.value, entry.hash]))(
        'hashes %j as find sends it',
        (value, hash) => {
          expect(codec.hashKeyField('record_key', value)).toBe(hash);
          expect(codec.hashKeyField('profile_key', value)).toBe(hash);
          expect(hashKey(value, vector.envId, { normalize: vector.normalizeKeys })).toBe(hash);
        },
      );
    },
  );
});
