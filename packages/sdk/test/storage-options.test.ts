// Every option rule of createStorage: each broken rule is a StorageConfigValidationError whose
// message names the option and never quotes a value, least of all the client secret or token.

import { describe, expect, it } from 'vitest';
import {
  createStorage,
  DEFAULT_STORAGE_OPTIONS,
  EncryptionType,
  Storage,
  StorageConfigValidationError,
} from '../src/index.ts';
import { CLIENT_SECRET, NO_ENV, validOptions } from './support/options.ts';

/** Runs createStorage and returns what it threw. */
async function failure(options: unknown): Promise<StorageConfigValidationError> {
  const error = await createStorage(options as never, NO_ENV).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StorageConfigValidationError);
  return error as StorageConfigValidationError;
}

/** Expects createStorage to reject `overrides` with a message naming `name` (and `rule`). */
async function expectRejected(
  overrides: Record<string, unknown>,
  name: string,
  rule?: RegExp,
): Promise<void> {
  const error = await failure(validOptions(overrides));
  expect(error.message).toContain(name);
  if (rule !== undefined) expect(error.message).toMatch(rule);
  expect(error.message).not.toContain(CLIENT_SECRET);
}

const cipher = {
  encrypt: (text: string) => text,
  decrypt: (text: string) => text,
  version: 'custom-1',
  isCurrent: true,
};

describe('createStorage option rules', () => {
  it('accepts the valid options and creates a Storage', async () => {
    await expect(createStorage(validOptions(), NO_ENV)).resolves.toBeInstanceOf(Storage);
  });

  it.each([null, undefined, 'options', 42, [], new Date()])(
    'rejects %s as options',
    async (value) => {
      const error = await failure(value);
      expect(error.message).toBe('createStorage options must be an object');
    },
  );

  describe('unknown options', () => {
    it.each([
      [{ environment: 'x' }, 'environment is not an option'],
      [{ environment_id: 'x' }, 'environment_id is not an option (use environmentId)'],
      [
        { secret_key_accessor: 'x' },
        'secret_key_accessor is not an option (use secretKeyAccessor)',
      ],
      [{ apiKey: 'x' }, 'apiKey is not an option'],
      [
        { options: { countries_endpoint: 'x' } },
        'options.countries_endpoint is not an option (use countriesEndpoint)',
      ],
      [{ options: { retries: 3 } }, 'options.retries is not an option'],
      [
        { options: { httpOptions: { retry_max_delay: 1 } } },
        'options.httpOptions.retry_max_delay is not an option (use retryMaxDelay)',
      ],
      [
        { options: { httpOptions: { timeoutMs: 1 } } },
        'options.httpOptions.timeoutMs is not an option',
      ],
    ])('rejects %o by name', async (overrides, message) => {
      await expectRejected(overrides, message);
    });
  });

  describe('environmentId', () => {
    it.each([
      [undefined, 'environmentId is required: pass it or set INC_ENVIRONMENT_ID'],
      ['', 'environmentId must be a non-empty string'],
      [42, 'environmentId must be a non-empty string'],
    ])('rejects %o', async (environmentId, message) => {
      await expectRejected({ environmentId }, message);
    });
  });

  describe('authentication', () => {
    it('requires one authentication', async () => {
      await expectRejected(
        { clientId: undefined, clientSecret: undefined },
        'clientId and clientSecret, or oauthToken, are required',
      );
    });

    it.each([
      [{ oauthToken: 'token' }, 'oauthToken cannot be combined with clientId or clientSecret'],
      [{ oauthToken: 'token', clientId: undefined }, 'oauthToken cannot be combined'],
      [{ oauthToken: 'token', clientSecret: undefined }, 'oauthToken cannot be combined'],
      [{ clientSecret: undefined }, 'clientSecret is required with clientId'],
      [{ clientId: undefined }, 'clientId is required with clientSecret'],
      [{ clientSecret: '' }, 'clientSecret must be a non-empty string'],
      [{ clientId: 7 }, 'clientId must be a non-empty string'],
      [
        { clientId: undefined, clientSecret: undefined, oauthToken: '' },
        'oauthToken must be a non-empty string',
      ],
    ])('rejects %o', async (overrides, message) => {
      await expectRejected(overrides, message);
    });

    it('accepts an oauthToken alone', async () => {
      const options = validOptions({
        clientId: undefined,
        clientSecret: undefined,
        oauthToken: 't',
      });
      await expect(createStorage(options, NO_ENV)).resolves.toBeInstanceOf(Storage);
    });
  });

  describe('encrypt and the secret key accessor', () => {
    it('defaults to LOCAL', () => {
      expect(DEFAULT_STORAGE_OPTIONS.encrypt).toBe(EncryptionType.LOCAL);
    });

    it.each([undefined, EncryptionType.LOCAL, true])(
      'requires secretKeyAccessor when encrypt is %s',
      async (encrypt) => {
        await expectRejected(
          { encrypt, secretKeyAccessor: undefined },
          'secretKeyAccessor is required when encrypt is LOCAL',
        );
      },
    );

    it.each([EncryptionType.OFF, false])(
      'lets encrypt %s go without an accessor',
      async (encrypt) => {
        const options = validOptions({ encrypt, secretKeyAccessor: undefined });
        await expect(createStorage(options, NO_ENV)).resolves.toBeInstanceOf(Storage);
      },
    );

    it.each(['local', 'sse', 1, null, 'NONE'])('rejects encrypt %o', async (encrypt) => {
      await expectRejected({ encrypt }, 'encrypt must be true, false, "LOCAL", "SSE" or "OFF"');
    });

    it.each([() => 'secret', 'secret', { getSecret: () => 'x' }])(
      'rejects secretKeyAccessor %o that is not an accessor',
      async (secretKeyAccessor) => {
        await expectRejected(
          { secretKeyAccessor },
          'secretKeyAccessor must be a SecretKeyAccessor',
        );
      },
    );

    it('accepts SSE without accessor, normalizeKeys or hashSearchKeys', async () => {
      const options = validOptions({ encrypt: EncryptionType.SSE, secretKeyAccessor: undefined });
      await expect(createStorage(options, NO_ENV)).resolves.toBeInstanceOf(Storage);
    });

    it('rejects SSE with a secretKeyAccessor', async () => {
      await expectRejected(
        { encrypt: EncryptionType.SSE },
        'secretKeyAccessor is not allowed when encrypt is SSE',
      );
    });

    it.each(['normalizeKeys', 'hashSearchKeys'])(
      'rejects SSE with an explicit options.%s, even the default value',
      async (option) => {
        // Each option's default value: explicitly given is what SSE refuses.
        const value = option === 'hashSearchKeys';
        await expectRejected(
          {
            encrypt: EncryptionType.SSE,
            secretKeyAccessor: undefined,
            options: { [option]: value },
          },
          `options.${option} is not allowed when encrypt is SSE`,
        );
      },
    );
  });

  describe('customEncryptionConfigs', () => {
    it.each([EncryptionType.OFF, EncryptionType.SSE])('need LOCAL, not %s', async (encrypt) => {
      await expectRejected(
        { encrypt, secretKeyAccessor: undefined, customEncryptionConfigs: [cipher] },
        `customEncryptionConfigs need encrypt LOCAL, not ${encrypt}`,
      );
    });

    it('need a secretKeyAccessor', async () => {
      await expectRejected(
        { secretKeyAccessor: undefined, customEncryptionConfigs: [cipher] },
        'secretKeyAccessor is required',
      );
    });

    it.each([
      ['cipher', 'customEncryptionConfigs must be an array'],
      [[{ ...cipher, encrypt: 'no' }], 'customEncryptionConfigs.0.encrypt must be a function'],
      [[cipher, { ...cipher, isCurrent: false }], 'customEncryptionConfigs.1.version duplicates'],
      [[cipher, { ...cipher, version: 'custom-2' }], 'customEncryptionConfigs.1.isCurrent'],
    ])('rejects %o', async (customEncryptionConfigs, message) => {
      await expectRejected({ customEncryptionConfigs }, message);
    });

    it('accepts an empty list in any mode', async () => {
      const options = validOptions({
        encrypt: EncryptionType.OFF,
        secretKeyAccessor: undefined,
        customEncryptionConfigs: [],
      });
      await expect(createStorage(options, NO_ENV)).resolves.toBeInstanceOf(Storage);
    });
  });

  describe('endpoints', () => {
    it.each(['pop.example.com', 'ftp://pop.example.com', 'https://', 'http:// spaced', ''])(
      'rejects endpoint %o',
      async (endpoint) => {
        await expectRejected({ endpoint }, 'endpoint must be an http(s) URL');
      },
    );

    it('accepts an http endpoint with a port', async () => {
      const options = validOptions({ endpoint: 'http://127.0.0.1:8080' });
      await expect(createStorage(options, NO_ENV)).resolves.toBeInstanceOf(Storage);
    });

    it.each([
      [{ countriesEndpoint: 'countries' }, 'options.countriesEndpoint must be an http(s) URL'],
      [{ endpointMask: '' }, 'options.endpointMask must be a non-empty string'],
      [
        { authEndpoints: { emea: 'https://auth.example.com' } },
        'options.authEndpoints must contain a "default" entry',
      ],
      [
        { authEndpoints: { default: 'auth.example.com' } },
        'options.authEndpoints.default must be an http(s) URL',
      ],
      [
        { authEndpoints: 'https://auth.example.com' },
        'options.authEndpoints must be an object mapping regions',
      ],
      [
        { authEndpoints: ['https://auth.example.com'] },
        'options.authEndpoints must be an object mapping regions',
      ],
    ])('rejects options %o', async (extra, message) => {
      await expectRejected({ options: extra }, message);
    });

    it('accepts a "DEFAULT" entry in any case', async () => {
      const extra = { authEndpoints: { DEFAULT: 'https://auth.example.com/token' } };
      await expect(createStorage(validOptions({ options: extra }), NO_ENV)).resolves.toBeDefined();
    });
  });

  describe('httpOptions', () => {
    it.each(['timeout', 'retryBaseDelay', 'retryMaxDelay'])(
      'rejects bad %s values',
      async (name) => {
        for (const value of [0, -1, 1.5, '30', 2 ** 31, Number.NaN]) {
          await expectRejected(
            { options: { httpOptions: { [name]: value } } },
            `options.httpOptions.${name} must be a whole number of milliseconds`,
          );
        }
      },
    );

    it('rejects httpOptions that are not an object', async () => {
      await expectRejected(
        { options: { httpOptions: 30 } },
        'options.httpOptions must be an object',
      );
    });

    it('has millisecond defaults', () => {
      expect(DEFAULT_STORAGE_OPTIONS.httpOptions).toEqual({
        timeout: 30_000,
        retryBaseDelay: 1_000,
        retryMaxDelay: 32_000,
      });
    });
  });

  describe('maxAttachmentSize', () => {
    it('defaults to the seed limit of 100 MiB', () => {
      expect(DEFAULT_STORAGE_OPTIONS.maxAttachmentSize).toBe(104_857_600);
    });

    it('rejects anything but a whole number of bytes ≥ 1', async () => {
      for (const value of [0, -5, 1.5, '100', Number.NaN, Number.POSITIVE_INFINITY]) {
        await expectRejected(
          { options: { maxAttachmentSize: value } },
          'options.maxAttachmentSize must be a whole number of bytes ≥ 1',
        );
      }
    });

    it('names the option when it is given at the top level', async () => {
      await expectRejected({ maxAttachmentSize: 10 }, 'maxAttachmentSize is not an option');
    });
  });

  describe('flags, logger and the options object', () => {
    it.each([
      [{ debug: 'yes' }, 'debug must be a boolean'],
      [{ options: { normalizeKeys: 1 } }, 'options.normalizeKeys must be a boolean'],
      [{ options: { hashSearchKeys: 'false' } }, 'options.hashSearchKeys must be a boolean'],
      [{ options: 'fast' }, 'options must be an object of extra storage options'],
      [
        { logger: { info: () => undefined } },
        'logger must be an object with debug, info, warn and error',
      ],
      [{ logger: 'console' }, 'logger must be an object'],
    ])('rejects %o', async (overrides, message) => {
      await expectRejected(overrides, message);
    });

    it('accepts console as the logger', async () => {
      await expect(createStorage(validOptions({ logger: console }), NO_ENV)).resolves.toBeDefined();
    });
  });

  it('lists up to three broken rules and counts the rest', async () => {
    const error = await failure(
      validOptions({ endpoint: 'x', debug: 1, clientId: 2, clientSecret: 3, oauthToken: 4 }),
    );
    expect(error.message).toMatch(/^Invalid storage options: .+; .+; .+; and 2 more$/);
  });
});
