import { base64Encode, type SecretSet } from '@residency/crypto';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type SecretsData, type SecretsDataInput, SecretsDataSchema } from '../src/secrets-data.ts';

const SECRET = 'SECRET-schema-7d2e1b';

describe('SecretsDataSchema', () => {
  it('outputs the crypto layer SecretSet with flags resolved', () => {
    const input: SecretsDataInput = {
      currentVersion: 1,
      secrets: [
        { secret: SECRET, version: 0 },
        { secret: base64Encode(new Uint8Array(32)), version: 1, isKey: true },
      ],
    };
    const result = v.safeParse(SecretsDataSchema, input);
    expect(result.success).toBe(true);
    expect(result.output).toMatchObject({
      currentVersion: 1,
      secrets: [
        { version: 0, isKey: false, isForCustomEncryption: false },
        { version: 1, isKey: true, isForCustomEncryption: false },
      ],
    });
    expectTypeOf<SecretsData>().toEqualTypeOf<SecretSet>();
  });

  it('sets its own message on every issue, never valibot’s value-quoting default', () => {
    const inputs: unknown[] = [
      SECRET,
      { currentVersion: SECRET, secrets: SECRET },
      { currentVersion: 0, secrets: [SECRET, { secret: 1, version: SECRET, isKey: SECRET }] },
      { currentVersion: 0, secrets: [{ secret: SECRET, version: 0, isForCustomEncryption: 0 }] },
      { currentVersion: 0, secrets: [{ secret: SECRET, version: 0, isKey: true }] },
    ];
    for (const input of inputs) {
      const result = v.safeParse(SecretsDataSchema, input);
      expect(result.success).toBe(false);
      for (const issue of result.issues ?? []) {
        expect(issue.message).not.toMatch(/^Invalid /);
        expect(issue.message).not.toContain(SECRET);
      }
    }
  });
});
