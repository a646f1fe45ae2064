import type { CustomEncryptionConfig } from '@residency/crypto';
import { StorageConfigValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describeIssues, objectMessage, pathTo } from './issues.ts';

/** The option's name, used to prefix every field path in messages. */
const OPTION = 'customEncryptionConfigs';

const FUNCTION_RULE = 'must be a function';
const VERSION_RULE = 'must be a non-empty string';

const CustomEncryptionConfigSchema = v.object(
  {
    encrypt: v.function(FUNCTION_RULE),
    decrypt: v.function(FUNCTION_RULE),
    version: v.pipe(v.string(VERSION_RULE), v.minLength(1, VERSION_RULE)),
    isCurrent: v.optional(v.boolean('must be a boolean')),
  },
  objectMessage('an object with encrypt, decrypt and version'),
);

// Internal: callers validate through `validateCustomEncryptionConfigs`, which keeps the user's
// objects (the schema's output would be copies, and copied methods lose their `this`).
const CustomEncryptionConfigsSchema = v.pipe(
  v.array(CustomEncryptionConfigSchema, 'must be an array of custom encryption configs'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    // Versions name the cipher in each ciphertext (protocol.md §6.8), so they must be unique.
    const firstIndex = new Map<string, number>();
    dataset.value.forEach((config, index) => {
      const first = firstIndex.get(config.version);
      if (first === undefined) firstIndex.set(config.version, index);
      else {
        const path = pathTo(dataset.value, [index, 'version']);
        addIssue({ message: `duplicates the version of ${OPTION}.${first}`, path });
      }
    });
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    // At most one config encrypts new data (protocol.md §6.8).
    const first = dataset.value.findIndex((config) => config.isCurrent === true);
    dataset.value.forEach((config, index) => {
      if (index <= first || config.isCurrent !== true) return;
      const path = pathTo(dataset.value, [index, 'isCurrent']);
      addIssue({ message: `must not be true: ${OPTION}.${first} is current already`, path });
    });
  }),
);

/**
 * Validates the `customEncryptionConfigs` storage option: an array of objects with functions
 * `encrypt` and `decrypt`, a non-empty string `version` unique among the configs, and an
 * optional boolean `isCurrent` true on at most one config (protocol.md §6.8). An empty array is
 * valid and means no custom encryption. The ciphers themselves are tried by
 * `checkCustomEncryption`.
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
  const result = v.safeParse(CustomEncryptionConfigsSchema, configs);
  if (!result.success) {
    const details = describeIssues(result.issues, { prefix: OPTION, root: OPTION });
    throw new StorageConfigValidationError(`Invalid custom encryption configs: ${details}`);
  }
  return Object.freeze([...(configs as readonly CustomEncryptionConfig[])]);
}
