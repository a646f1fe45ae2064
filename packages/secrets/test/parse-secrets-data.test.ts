import { base64Encode } from '@residency/crypto';
import { SecretsValidationError, StorageClientError } from '@residency/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSecretsData } from '../src/parse-secrets-data.ts';

// A value no message could contain by chance: any leak of it is a leak of the secret.
const SECRET = 'SECRET-do-not-log-4f1c9a';
const AES_KEY = base64Encode(new Uint8Array(32).fill(7));
const CUSTOM_KEY = base64Encode(new Uint8Array(16).fill(9));

function parseError(value: unknown): SecretsValidationError {
  try {
    parseSecretsData(value);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretsValidationError);
    return error as SecretsValidationError;
  }
  throw new Error('expected parseSecretsData to throw');
}

/** Every rendering of an error a log line or a JSON API could show. */
function renderings(error: Error): string[] {
  return [error.message, String(error), JSON.stringify(error), error.stack ?? ''];
}

/** Valid secrets data with `change` applied to the second of three secrets. */
function withSecondSecret(change: Record<string, unknown>): unknown {
  return {
    currentVersion: 0,
    secrets: [
      { secret: SECRET, version: 0 },
      { secret: SECRET, version: 1, ...change },
      { secret: AES_KEY, version: 2, isKey: true },
    ],
  };
}

describe('parseSecretsData: valid input', () => {
  it('turns a plain string into version 0, not a key', () => {
    expect(parseSecretsData(SECRET)).toEqual({
      currentVersion: 0,
      secrets: [{ secret: SECRET, version: 0, isKey: false, isForCustomEncryption: false }],
    });
  });

  it('resolves the flags, keeps key and custom secrets, drops unknown keys', () => {
    const data = parseSecretsData({
      currentVersion: 2,
      extra: 'dropped',
      secrets: [
        { secret: SECRET, version: 0, note: 'dropped' },
        { secret: AES_KEY, version: 2, isKey: true, isForCustomEncryption: false },
        { secret: CUSTOM_KEY, version: 5, isForCustomEncryption: true },
        { secret: SECRET, version: 7, isKey: undefined, isForCustomEncryption: undefined },
      ],
    });
    expect(data).toEqual({
      currentVersion: 2,
      secrets: [
        { secret: SECRET, version: 0, isKey: false, isForCustomEncryption: false },
        { secret: AES_KEY, version: 2, isKey: true, isForCustomEncryption: false },
        { secret: CUSTOM_KEY, version: 5, isKey: false, isForCustomEncryption: true },
        { secret: SECRET, version: 7, isKey: false, isForCustomEncryption: false },
      ],
    });
  });

  it('accepts version 0 and the largest safe integer', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const data = parseSecretsData({
      currentVersion: max,
      secrets: [
        { secret: SECRET, version: 0 },
        { secret: SECRET, version: max },
      ],
    });
    expect(data.currentVersion).toBe(max);
  });

  it('returns frozen copies and leaves the input alone', () => {
    const input = { currentVersion: 0, secrets: [{ secret: SECRET, version: 0 }] };
    const data = parseSecretsData(input);
    expect(Object.isFrozen(data)).toBe(true);
    expect(Object.isFrozen(data.secrets)).toBe(true);
    expect(Object.isFrozen(data.secrets[0])).toBe(true);
    expect(data.secrets).not.toBe(input.secrets);
    expect(data.secrets[0]).not.toBe(input.secrets[0]);
    expect(Object.isFrozen(input)).toBe(false);
    expect(input.secrets[0]).toEqual({ secret: SECRET, version: 0 });
  });
});

// [case, input, text the message must contain: the field path and the rule]
const invalid: [string, unknown, string][] = [
  ['null', null, 'must be a non-empty string or an object with currentVersion and secrets'],
  ['a number', 42, 'must be a non-empty string or an object'],
  ['an empty string', '', 'Invalid secret: must not be empty'],
  ['an array', [SECRET], 'currentVersion is required; secrets is required'],
  [
    'no currentVersion',
    { secrets: [{ secret: SECRET, version: 0 }] },
    'currentVersion is required',
  ],
  [
    'a string currentVersion',
    { currentVersion: SECRET, secrets: [{ secret: SECRET, version: 0 }] },
    'currentVersion must be an integer from 0 to 2^53 - 1',
  ],
  [
    'a negative currentVersion',
    { currentVersion: -1, secrets: [{ secret: SECRET, version: 0 }] },
    'currentVersion must be an integer',
  ],
  [
    'a fractional currentVersion',
    { currentVersion: 0.5, secrets: [{ secret: SECRET, version: 0 }] },
    'currentVersion must be an integer',
  ],
  [
    'an unsafe currentVersion',
    { currentVersion: 2 ** 53, secrets: [{ secret: SECRET, version: 0 }] },
    'currentVersion must be an integer',
  ],
  [
    'a currentVersion no secret has',
    { currentVersion: 3, secrets: [{ secret: SECRET, version: 0 }] },
    'currentVersion must be the version of one of the secrets',
  ],
  ['no secrets', { currentVersion: 0 }, 'secrets is required'],
  ['secrets not an array', { currentVersion: 0, secrets: SECRET }, 'secrets must be an array'],
  ['empty secrets', { currentVersion: 0, secrets: [] }, 'secrets must contain at least one secret'],
  [
    'a secret that is a bare string',
    { currentVersion: 0, secrets: [{ secret: SECRET, version: 0 }, SECRET] },
    'secrets.1 must be an object with secret and version',
  ],
  ['no secret', withSecondSecret({ secret: undefined }), 'secrets.1.secret must be a non-empty'],
  ['a number secret', withSecondSecret({ secret: 12345 }), 'secrets.1.secret must be a non-empty'],
  ['an empty secret', withSecondSecret({ secret: '' }), 'secrets.1.secret must be a non-empty'],
  [
    'no version',
    { currentVersion: 0, secrets: [{ secret: SECRET, version: 0 }, { secret: SECRET }] },
    'secrets.1.version is required',
  ],
  ['a string version', withSecondSecret({ version: SECRET }), 'secrets.1.version must be an int'],
  ['a negative version', withSecondSecret({ version: -1 }), 'secrets.1.version must be an int'],
  ['a fractional version', withSecondSecret({ version: 1.5 }), 'secrets.1.version must be an int'],
  ['a NaN version', withSecondSecret({ version: Number.NaN }), 'secrets.1.version must be an int'],
  ['a string isKey', withSecondSecret({ isKey: SECRET }), 'secrets.1.isKey must be a boolean'],
  [
    'a number isForCustomEncryption',
    withSecondSecret({ isForCustomEncryption: 1 }),
    'secrets.1.isForCustomEncryption must be a boolean',
  ],
  [
    'isKey and isForCustomEncryption together',
    withSecondSecret({ secret: AES_KEY, isKey: true, isForCustomEncryption: true }),
    'secrets.1.isKey cannot be true together with isForCustomEncryption',
  ],
  [
    'an isKey secret that is not base64',
    withSecondSecret({ isKey: true }),
    'secrets.1.secret must be the standard base64 of exactly 32 bytes when isKey is true ' +
      '(for a custom cipher key, set isForCustomEncryption instead of isKey)',
  ],
  [
    'an isKey secret of 31 bytes',
    withSecondSecret({ secret: base64Encode(new Uint8Array(31)), isKey: true }),
    'secrets.1.secret must be the standard base64 of exactly 32 bytes',
  ],
  [
    'an isKey secret of 33 bytes',
    withSecondSecret({ secret: base64Encode(new Uint8Array(33)), isKey: true }),
    'secrets.1.secret must be the standard base64 of exactly 32 bytes',
  ],
  [
    'an isKey secret in unpadded base64',
    withSecondSecret({ secret: AES_KEY.replace(/=+$/, ''), isKey: true }),
    'secrets.1.secret must be the standard base64 of exactly 32 bytes',
  ],
  [
    'an isForCustomEncryption secret that is not base64',
    withSecondSecret({ isForCustomEncryption: true }),
    'secrets.1.secret must be standard base64 when isForCustomEncryption is true',
  ],
  [
    'two secrets with one version',
    {
      currentVersion: 0,
      secrets: [
        { secret: SECRET, version: 0 },
        { secret: SECRET, version: 1 },
        { secret: `${SECRET}-2`, version: 0 },
      ],
    },
    'secrets.2.version duplicates the version of secrets.0',
  ],
];

describe('parseSecretsData: each rule', () => {
  it.each(invalid)('rejects %s', (_name, input, expected) => {
    const error = parseError(input);
    expect(error).toBeInstanceOf(StorageClientError);
    expect(error.name).toBe('SecretsValidationError');
    expect(error.message).toContain(expected);
    expect(error.cause).toBeUndefined();
    for (const text of renderings(error)) expect(text).not.toContain(SECRET);
  });

  it('lists every broken field in one message', () => {
    const error = parseError({
      currentVersion: '1',
      secrets: [{ secret: SECRET, version: -1, isKey: 'yes' }, { version: 0 }],
    });
    expect(error.message).toBe(
      'Invalid secrets data: currentVersion must be an integer from 0 to 2^53 - 1; ' +
        'secrets.0.version must be an integer from 0 to 2^53 - 1; ' +
        'secrets.0.isKey must be a boolean; secrets.1.secret is required',
    );
  });
});

// Invalid shapes that hold the secret in every kind of place a message might quote.
const breakers: ((secret: string) => unknown)[] = [
  (secret) => ({ currentVersion: secret, secrets: [{ secret, version: 0 }] }),
  (secret) => ({ currentVersion: 0, secrets: secret }),
  (secret) => ({ currentVersion: 0, secrets: [secret] }),
  (secret) => ({ currentVersion: 0, secrets: [{ secret, version: secret }] }),
  (secret) => ({ currentVersion: 0, secrets: [{ secret, version: 0, isKey: secret }] }),
  (secret) => ({ currentVersion: 0, secrets: [{ secret, version: 0, isKey: true }] }),
  (secret) => ({
    currentVersion: 0,
    secrets: [{ secret, version: 0, isForCustomEncryption: secret }],
  }),
  (secret) => ({
    currentVersion: 0,
    secrets: [{ secret, version: 0, isForCustomEncryption: true }],
  }),
  (secret) => ({
    currentVersion: 0,
    secrets: [{ secret, version: 0, isKey: true, isForCustomEncryption: true }],
  }),
  (secret) => ({ currentVersion: 1, secrets: [{ secret, version: 0 }] }),
  (secret) => ({
    currentVersion: 0,
    secrets: [
      { secret, version: 0 },
      { secret, version: 0 },
    ],
  }),
  (secret) => ({ currentVersion: 0, secrets: [{ [secret]: secret, version: 0 }] }),
];

describe('parseSecretsData: messages never contain a secret', () => {
  it('holds for generated secrets in every breaking position', () => {
    // The prefix and length keep a secret from appearing in a message by coincidence;
    // '-' is not base64, so the secret never passes as a key.
    const secrets = fc.string({ minLength: 12, maxLength: 64 }).map((tail) => `SECRET-${tail}`);
    fc.assert(
      fc.property(secrets, fc.constantFrom(...breakers), (secret, breaker) => {
        const error = parseError(breaker(secret));
        expect(error.cause).toBeUndefined();
        for (const text of renderings(error)) expect(text).not.toContain(secret);
      }),
      { numRuns: 500 },
    );
  });
});
