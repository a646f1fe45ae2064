import { Cipher } from '@residency/crypto';
import { SecretKeyAccessor } from '@residency/secrets';
import { describe, expect, it } from 'vitest';
import { buildFindFilter, EncryptionType, RecordCodec } from '../src/index.ts';
import { HASH_VECTORS } from './support/record-vectors.ts';

// The filter layer and the codec meet here: a find filter built with the codec's own hashing
// must send exactly the hashes the official Node SDK sent for the same values.

describe.each(HASH_VECTORS)('hash vector $index (normalizeKeys $normalizeKeys)', (vector) => {
  const codec = new RecordCodec({
    environmentId: vector.envId,
    normalizeKeys: vector.normalizeKeys,
    hashSearchKeys: vector.hashSearchKeys,
    // Hashing needs no secret; the codec wants a cipher all the same.
    cipher: new Cipher({ secrets: new SecretKeyAccessor('unused-for-hashing') }),
  });
  const context = {
    hashKey: (field: string, value: string) => codec.hashKeyField(field, value),
    encryption: EncryptionType.LOCAL,
    hashSearchKeys: vector.hashSearchKeys,
  };

  it.each(vector.hashes)(
    '$value as recordKey, a list item and a $not operand',
    ({ value, hash }) => {
      const filter = buildFindFilter(
        { recordKey: value, profileKey: [value], serviceKey3: { $not: value } },
        context,
      );
      expect(filter).toEqual({
        record_key: hash,
        profile_key: [hash],
        service_key3: { $not: hash },
      });
    },
  );

  it.each(vector.hashes)('$value as key1, hashed only with hashSearchKeys', ({ value, hash }) => {
    const plain = vector.normalizeKeys ? value.toLowerCase() : value;
    const expected = vector.hashSearchKeys ? hash : plain;
    expect(buildFindFilter({ key1: value }, context)).toEqual({ key1: expected });
  });
});
