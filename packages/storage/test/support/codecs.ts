// Codecs and ciphers for the unit and property tests.

import { Cipher } from '@residency/crypto';
import { SecretKeyAccessor } from '@residency/secrets';
import { type EncryptionType, RecordCodec } from '../../src/index.ts';

/** The environment id of the tests. */
export const ENV = 'env-test';

/** A cipher on secrets with versions 1 (old) and 2 (current). */
export function testCipher(currentVersion = 2): Cipher {
  return new Cipher({
    secrets: new SecretKeyAccessor({
      currentVersion,
      secrets: [
        { secret: 'old-password', version: 1 },
        { secret: 'new-password', version: 2 },
      ],
    }),
  });
}

/** A codec in one mode; LOCAL gets `testCipher()` unless a cipher is given. */
export function testCodec(
  encryption: EncryptionType,
  options: {
    normalizeKeys?: boolean;
    hashSearchKeys?: boolean;
    cipher?: Cipher;
    acceptPlaintextBodies?: boolean;
  } = {},
): RecordCodec {
  const cipher = options.cipher ?? (encryption === 'LOCAL' ? testCipher() : undefined);
  return new RecordCodec({
    environmentId: ENV,
    encryption,
    ...(options.normalizeKeys === undefined ? {} : { normalizeKeys: options.normalizeKeys }),
    ...(options.hashSearchKeys === undefined ? {} : { hashSearchKeys: options.hashSearchKeys }),
    ...(cipher === undefined ? {} : { cipher }),
    ...(options.acceptPlaintextBodies === undefined
      ? {}
      : { acceptPlaintextBodies: options.acceptPlaintextBodies }),
  });
}
