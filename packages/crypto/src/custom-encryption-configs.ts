import { StorageConfigValidationError } from '@residency/errors';
import type { CustomEncryptionConfig } from './custom-encryption.ts';

// The one place the rules of `customEncryptionConfigs` live (protocol.md §6.8). Crypto sits below
// every package that takes the option and has no valibot, so the rules are plain checks; the
// messages name fields only and never quote a value, since a config may carry key material.

/** The option's name, which starts every field path in messages. */
const OPTION = 'customEncryptionConfigs';

/** Whether `key` is on `item`, own or inherited, as a class's methods are. */
function has(item: object, key: string): boolean {
  return key in item;
}

function functionProblem(item: object, key: 'encrypt' | 'decrypt'): string | undefined {
  if (!has(item, key)) return 'is required';
  return typeof (item as Record<string, unknown>)[key] === 'function'
    ? undefined
    : 'must be a function';
}

function versionProblem(item: object): string | undefined {
  if (!has(item, 'version')) return 'is required';
  const version = (item as Record<string, unknown>).version;
  return typeof version === 'string' && version !== '' ? undefined : 'must be a non-empty string';
}

function isCurrentProblem(item: object): string | undefined {
  const isCurrent = (item as Record<string, unknown>).isCurrent;
  return isCurrent === undefined || typeof isCurrent === 'boolean'
    ? undefined
    : 'must be a boolean';
}

/** The shape problems of one item, as `field rule`. */
function itemProblems(item: unknown, path: string): string[] {
  if (typeof item !== 'object' || item === null) {
    return [`${path} must be an object with encrypt, decrypt and version`];
  }
  const problems: string[] = [];
  const fields = {
    encrypt: functionProblem(item, 'encrypt'),
    decrypt: functionProblem(item, 'decrypt'),
    version: versionProblem(item),
    isCurrent: isCurrentProblem(item),
  };
  for (const [field, problem] of Object.entries(fields)) {
    if (problem !== undefined) problems.push(`${path}.${field} ${problem}`);
  }
  return problems;
}

/** The rules across items, checked once every item has the right shape. */
function listProblems(configs: readonly CustomEncryptionConfig[]): string[] {
  const problems: string[] = [];
  // Versions name the cipher in each ciphertext (protocol.md §6.8), so they must be unique.
  const firstIndex = new Map<string, number>();
  configs.forEach((config, index) => {
    const first = firstIndex.get(config.version);
    if (first === undefined) firstIndex.set(config.version, index);
    else problems.push(`${OPTION}.${index}.version duplicates the version of ${OPTION}.${first}`);
  });
  // At most one config encrypts new data (protocol.md §6.8).
  const current = configs.findIndex((config) => config.isCurrent === true);
  configs.forEach((config, index) => {
    if (index <= current || config.isCurrent !== true) return;
    problems.push(
      `${OPTION}.${index}.isCurrent must not be true: ${OPTION}.${current} is current already`,
    );
  });
  return problems;
}

function problemsOf(configs: unknown): string[] {
  if (!Array.isArray(configs)) return [`${OPTION} must be an array of custom encryption configs`];
  const problems: string[] = [];
  // An index loop, not forEach: a hole in the array is a missing config, not a skipped one.
  for (let index = 0; index < configs.length; index++) {
    problems.push(...itemProblems(configs[index], `${OPTION}.${index}`));
  }
  return problems.length > 0 ? problems : listProblems(configs);
}

/**
 * Validates the `customEncryptionConfigs` option: an array of objects with functions `encrypt`
 * and `decrypt`, a non-empty string `version` unique among the configs, and an optional boolean
 * `isCurrent` true on at most one config (protocol.md §6.8). An empty array is valid and means no
 * custom encryption. `Cipher` checks its configs with this, and `@residency/secrets` re-exports
 * it; the ciphers themselves are tried by `checkCustomEncryption` of `@residency/secrets`.
 *
 * @param configs The option as the user gave it.
 * @returns The same config objects (not copies, so methods keep their `this`) in a frozen array.
 * @throws {StorageConfigValidationError} When a rule is broken; the message names each field,
 *   e.g. `customEncryptionConfigs.1.version duplicates the version of customEncryptionConfigs.0`.
 * @example
 * ```ts
 * const configs = validateCustomEncryptionConfigs(options.customEncryptionConfigs ?? []);
 * ```
 */
export function validateCustomEncryptionConfigs(
  configs: unknown,
): readonly CustomEncryptionConfig[] {
  const problems = problemsOf(configs);
  if (problems.length > 0) {
    throw new StorageConfigValidationError(
      `Invalid custom encryption configs: ${problems.join('; ')}`,
    );
  }
  return Object.freeze([...(configs as readonly CustomEncryptionConfig[])]);
}
