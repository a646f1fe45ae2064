// Property: whatever is wrong with the options, no client secret, OAuth token or wrong value
// reaches the StorageConfigValidationError (message, String, stack, JSON), and no cause is kept.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStorage, SecretKeyAccessor, StorageConfigValidationError } from '../src/index.ts';
import { NO_ENV, validOptions } from './support/options.ts';

async function failure(options: unknown): Promise<StorageConfigValidationError> {
  const error = await createStorage(options as never, NO_ENV).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StorageConfigValidationError);
  return error as StorageConfigValidationError;
}

describe('no secret reaches a message', () => {
  const marker = fc
    .string({ minLength: 4, maxLength: 16, unit: 'grapheme-ascii' })
    .map((text) => `MARKER-${text}-END`);

  // Options in which something is wrong, holding the markers as secret, token and wrong values.
  const brokenOptions = fc.record({
    secret: marker,
    token: marker,
    shape: fc.constantFrom(
      'tokenWithSecret',
      'secretAlone',
      'secretAsEndpoint',
      'tokenAsTimeout',
      'secretInUnknownOption',
      'secretAsAccessor',
      'secretAsEncrypt',
      'secretAsMask',
      'secretAsAuthEndpoint',
      'tokenAsLogger',
      'secretAsConfig',
    ),
  });

  function build(secret: string, token: string, shape: string): Record<string, unknown> {
    const base = validOptions({ clientSecret: secret });
    switch (shape) {
      case 'tokenWithSecret':
        return { ...base, oauthToken: token };
      case 'secretAlone':
        return { ...base, clientId: undefined, oauthToken: undefined };
      case 'secretAsEndpoint':
        return { ...base, endpoint: secret };
      case 'tokenAsTimeout':
        return { ...base, oauthToken: token, options: { httpOptions: { timeout: token } } };
      case 'secretInUnknownOption':
        return { ...base, clientsecret: secret, token };
      case 'secretAsAccessor':
        return { ...base, secretKeyAccessor: secret };
      case 'secretAsEncrypt':
        return { ...base, encrypt: secret };
      case 'secretAsMask':
        return { ...base, options: { endpointMask: { value: secret } } };
      case 'secretAsAuthEndpoint':
        return { ...base, options: { authEndpoints: { default: secret, emea: token } } };
      case 'tokenAsLogger':
        return { ...base, logger: { debug: token } };
      default:
        return { ...base, customEncryptionConfigs: [{ version: secret, encrypt: token }] };
    }
  }

  it('keeps client secrets, tokens and wrong values out of every message', async () => {
    await fc.assert(
      fc.asyncProperty(brokenOptions, async ({ secret, token, shape }) => {
        const options = build(secret, token, shape);
        if (shape === 'secretAlone') delete options.clientId;
        const error = await failure(options);
        const texts = [error.message, String(error), error.stack ?? '', JSON.stringify(error)];
        for (const text of texts) {
          expect(text).not.toContain(secret);
          expect(text).not.toContain(token);
        }
        expect(error.cause).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('keeps them out when the accessor works and the token is valid but combined', async () => {
    await fc.assert(
      fc.asyncProperty(marker, async (secret) => {
        const options = validOptions({
          oauthToken: secret,
          clientSecret: secret,
          secretKeyAccessor: new SecretKeyAccessor(() => secret),
        });
        const error = await failure(options);
        expect(`${error.message} ${String(error)} ${error.stack}`).not.toContain(secret);
      }),
    );
  });
});
