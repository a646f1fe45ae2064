import {
  type CustomEncryptionConfig,
  customEncryptionKey,
  type Secret,
  type SecretSource,
} from '@residency/crypto';
import { StorageConfigValidationError } from '@residency/errors';

/** The text the Node SDK round-trips through every custom cipher at start-up. */
const PROBE = 'incountry';

/**
 * Tries every custom cipher at start-up, as the Node SDK does (protocol.md §6.8): for each config
 * and each secret flagged `isForCustomEncryption`, `decrypt(encrypt('incountry'))` must give
 * `'incountry'` back. Ciphers get the secret's base64-decoded bytes (`customEncryptionKey`) and
 * its version. Without configs nothing is checked, not even stray `isForCustomEncryption`
 * secrets (the Python SDK's extra rule is not applied).
 *
 * @param configs Configs already checked by `validateCustomEncryptionConfigs`.
 * @param secrets Where the secrets come from, usually a `SecretKeyAccessor`.
 * @returns Nothing; resolves when every cipher round-trips with every custom secret.
 * @throws {StorageConfigValidationError} When configs are given but no secret is flagged
 *   `isForCustomEncryption`, or a cipher throws (`cause` is what it threw), returns a non-string
 *   ciphertext, or decrypts to other text. The message names the config version and the secret
 *   version, never the secret or the cipher's output.
 * @throws {SecretsProviderError} When `secrets` fails to get the secrets.
 * @throws {SecretsValidationError} When `secrets` finds its secrets data invalid.
 * @example
 * ```ts
 * const configs = validateCustomEncryptionConfigs(options.customEncryptionConfigs);
 * await checkCustomEncryption(configs, accessor);
 * ```
 */
export async function checkCustomEncryption(
  configs: readonly CustomEncryptionConfig[],
  secrets: SecretSource,
): Promise<void> {
  if (configs.length === 0) return;
  const { secrets: all } = await secrets.getSecrets();
  const custom = all.filter((secret) => secret.isForCustomEncryption);
  if (custom.length === 0) {
    throw new StorageConfigValidationError(
      'customEncryptionConfigs need at least one secret flagged isForCustomEncryption',
    );
  }
  for (const config of configs) {
    for (const secret of custom) await roundTrip(config, secret);
  }
}

async function roundTrip(config: CustomEncryptionConfig, secret: Secret): Promise<void> {
  const name = JSON.stringify(config.version);
  const subject = `Custom encryption config ${name} with secret version ${secret.version}`;
  const fail = (problem: string, cause?: unknown): StorageConfigValidationError =>
    new StorageConfigValidationError(`${subject} failed the start-up check: ${problem}`, { cause });
  let encryptKey: Uint8Array;
  try {
    encryptKey = customEncryptionKey(secret);
  } catch (error) {
    throw fail('the secret is not base64', error);
  }
  // A copy for decrypt: a cipher that wipes its key after use must not break the other call.
  const decryptKey = encryptKey.slice();
  let encrypted: unknown;
  try {
    encrypted = await config.encrypt(PROBE, encryptKey, secret.version);
  } catch (error) {
    throw fail('encrypt threw', error);
  }
  if (typeof encrypted !== 'string') throw fail('encrypt did not return a string');
  let decrypted: unknown;
  try {
    decrypted = await config.decrypt(encrypted, decryptKey, secret.version);
  } catch (error) {
    throw fail('decrypt threw', error);
  }
  if (decrypted !== PROBE) throw fail('decrypt did not return the text given to encrypt');
}
