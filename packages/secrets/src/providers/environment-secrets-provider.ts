import { StorageConfigValidationError } from '@residency/errors';
import type { SecretKeyAccessorValue, SecretsProvider } from '../secret-key-accessor.ts';
import { isSecretsTextFormat, parseSecretsText, type SecretsTextFormat } from './secrets-text.ts';

/** Options of `secretsFromEnvironment()`. */
export interface EnvironmentSecretsOptions {
  /** How the variable is read; default `auto` (JSON when it starts with `{`). */
  readonly format?: SecretsTextFormat | undefined;
  /** The variables to read; default `process.env`, read at every lookup. */
  readonly environment?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * A secrets provider reading an environment variable at every lookup, so a changed value is
 * seen at once. The same text gives back the same object, so the accessor validates it once.
 *
 * @param name The variable, e.g. `RESIDENCY_SECRETS`.
 * @param options The format, and the environment to read.
 * @returns The provider function for `new SecretKeyAccessor()`.
 * @throws {StorageConfigValidationError} When `name` or an option is invalid. The returned
 *   function throws `StorageConfigValidationError` when the variable is unset, and
 *   `SecretsValidationError` when it is empty or not JSON.
 * @example
 * ```ts
 * const accessor = new SecretKeyAccessor(secretsFromEnvironment('RESIDENCY_SECRETS'));
 * ```
 */
export function secretsFromEnvironment(
  name: string,
  options: EnvironmentSecretsOptions = {},
): SecretsProvider {
  if (typeof name !== 'string' || name === '') {
    throw new StorageConfigValidationError(
      'secretsFromEnvironment(): name must be a non-empty string',
    );
  }
  const format = options.format ?? 'auto';
  if (!isSecretsTextFormat(format)) {
    throw new StorageConfigValidationError(
      'secretsFromEnvironment(): format must be "auto", "json" or "text"',
    );
  }
  const source = `Environment variable ${name}`;
  let last: { readonly text: string; readonly value: SecretKeyAccessorValue } | undefined;
  return () => {
    const environment = options.environment ?? processEnvironment();
    const text = environment[name];
    if (text === undefined) throw new StorageConfigValidationError(`${source} is not set`);
    if (last?.text !== text) last = { text, value: parseSecretsText(text, format, source) };
    return last.value;
  };
}

function processEnvironment(): Readonly<Record<string, string | undefined>> {
  return (
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {}
  );
}
