import { StorageClientError, StorageConfigValidationError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { Cipher } from '../src/cipher.ts';
import type { CustomEncryptionConfig } from '../src/custom-encryption.ts';
import { validateCustomEncryptionConfigs } from '../src/custom-encryption-configs.ts';

const identity = (input: string): string => input;

function config(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { encrypt: identity, decrypt: identity, version: 'v1', ...overrides };
}

function thrownBy(run: () => unknown): StorageConfigValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error).toBeInstanceOf(StorageClientError);
    return error as StorageConfigValidationError;
  }
  throw new Error('expected a StorageConfigValidationError');
}

function validationError(configs: unknown): StorageConfigValidationError {
  return thrownBy(() => validateCustomEncryptionConfigs(configs));
}

// The second entry point: a Cipher checks its configs at construction. An absent option means
// no configs there, so `undefined` is left to `validateCustomEncryptionConfigs` alone.
function cipherError(configs: unknown): StorageConfigValidationError {
  return thrownBy(
    () => new Cipher({ customEncryptionConfigs: configs as CustomEncryptionConfig[] }),
  );
}

describe('validateCustomEncryptionConfigs: valid input', () => {
  it('returns the same config objects in a frozen array', () => {
    const first = config({ isCurrent: true });
    const second = config({ version: 'v2', isCurrent: false });
    const input = [first, second];
    const configs = validateCustomEncryptionConfigs(input);
    expect(configs).toEqual(input);
    expect(configs).not.toBe(input);
    expect(configs[0]).toBe(first);
    expect(configs[1]).toBe(second);
    expect(Object.isFrozen(configs)).toBe(true);
    expect(Object.isFrozen(first)).toBe(false);
  });

  it('accepts an empty array, a config without isCurrent, and async ciphers', () => {
    expect(validateCustomEncryptionConfigs([])).toEqual([]);
    const async = config({ encrypt: async (input: string) => input });
    expect(validateCustomEncryptionConfigs([async])).toEqual([async]);
  });

  it('keeps class instances whole, so methods keep their this', async () => {
    class Cipher implements CustomEncryptionConfig {
      readonly version = 'class';
      readonly #prefix = 'x:';
      encrypt(input: string): string {
        return this.#prefix + input;
      }
      decrypt(input: string): string {
        return input.slice(this.#prefix.length);
      }
    }
    const [cipher] = validateCustomEncryptionConfigs([new Cipher()]);
    const key = new Uint8Array(1);
    expect(await cipher?.decrypt(await cipher.encrypt('a', key, 0), key, 0)).toBe('a');
  });
});

// [case, configs, text the message must contain]
const invalid: [string, unknown, string][] = [
  ['undefined', undefined, 'customEncryptionConfigs must be an array of custom encryption configs'],
  ['an object', config(), 'customEncryptionConfigs must be an array'],
  [
    'an item that is not an object',
    [config(), 'v2'],
    'customEncryptionConfigs.1 must be an object',
  ],
  ['no encrypt', [config({ encrypt: undefined })], 'customEncryptionConfigs.0.encrypt must be a'],
  ['a string encrypt', [config({ encrypt: 'aes' })], 'customEncryptionConfigs.0.encrypt must be a'],
  [
    'a missing decrypt',
    [{ encrypt: identity, version: 'v1' }],
    'customEncryptionConfigs.0.decrypt is',
  ],
  ['a number decrypt', [config({ decrypt: 1 })], 'customEncryptionConfigs.0.decrypt must be a'],
  [
    'no version',
    [{ encrypt: identity, decrypt: identity }],
    'customEncryptionConfigs.0.version is',
  ],
  [
    'an empty version',
    [config({ version: '' })],
    'customEncryptionConfigs.0.version must be a non',
  ],
  ['a number version', [config({ version: 1 })], 'customEncryptionConfigs.0.version must be a non'],
  [
    'a string isCurrent',
    [config({ isCurrent: 'yes' })],
    'customEncryptionConfigs.0.isCurrent must',
  ],
  [
    'two configs with one version',
    [config(), config({ version: 'v2' }), config()],
    'customEncryptionConfigs.2.version duplicates the version of customEncryptionConfigs.0',
  ],
  [
    'two current configs',
    [
      config({ isCurrent: false }),
      config({ version: 'v2', isCurrent: true }),
      config({ version: 'v3', isCurrent: true }),
    ],
    'customEncryptionConfigs.2.isCurrent must not be true: customEncryptionConfigs.1 is current',
  ],
];

describe('validateCustomEncryptionConfigs: each rule', () => {
  it.each(invalid)('rejects %s', (_name, configs, expected) => {
    const error = validationError(configs);
    expect(error.message).toContain(expected);
    expect(error.message).toMatch(/^Invalid custom encryption configs: /);
    expect(error.cause).toBeUndefined();
  });

  it.each(invalid.filter(([, configs]) => configs !== undefined))(
    'makes new Cipher reject %s with the same class and message',
    (_name, configs) => {
      const error = cipherError(configs);
      expect(error.constructor).toBe(validationError(configs).constructor);
      expect(error.message).toBe(validationError(configs).message);
    },
  );

  it('lets new Cipher accept what it accepts', () => {
    const configs = [config({ isCurrent: true }), config({ version: 'v2' })];
    expect(validateCustomEncryptionConfigs(configs)).toEqual(configs);
    expect(new Cipher({ customEncryptionConfigs: configs as never }).backend).toBeDefined();
  });

  it('reports every extra current config', () => {
    const configs = ['a', 'b', 'c'].map((version) => config({ version, isCurrent: true }));
    const rule = 'must not be true: customEncryptionConfigs.0 is current already';
    expect(validationError(configs).message).toBe(
      'Invalid custom encryption configs: ' +
        `customEncryptionConfigs.1.isCurrent ${rule}; customEncryptionConfigs.2.isCurrent ${rule}`,
    );
  });

  it('never quotes a value it was given', () => {
    const marker = 'SECRET-config-value-5a5a';
    const error = validationError([config({ encrypt: marker, version: { marker } })]);
    expect(`${error.message} ${String(error)} ${JSON.stringify(error)}`).not.toContain(marker);
  });
});
