import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StorageConfigValidationError } from '@residency/errors';
import type { SecretKeyAccessorValue, SecretsProvider } from '../secret-key-accessor.ts';
import { RefreshingCache } from './refreshing-cache.ts';
import { isSecretsTextFormat, parseSecretsText, type SecretsTextFormat } from './secrets-text.ts';

/** Options of `secretsFromFile()`. */
export interface FileSecretsOptions {
  /** How the file is read; default `auto` (JSON when it starts with `{`). */
  readonly format?: SecretsTextFormat | undefined;
  /**
   * How long the file's content is served from memory before it is read again, in
   * milliseconds; default 60 000. 0 reads at every lookup (concurrent lookups share a read).
   */
  readonly cacheTtlMilliseconds?: number | undefined;
}

/** The default TTL: a replaced file (e.g. a rotated Kubernetes secret) is seen within a minute. */
const DEFAULT_TTL_MILLISECONDS = 60_000;

/**
 * A secrets provider reading a file: a plain secret, or secrets-data JSON. The content is
 * cached for a TTL and read once for a burst of lookups. For a plain secret, line breaks at
 * the end of the file are dropped (editors add one), nothing else.
 *
 * @param path The file, resolved against the working directory now.
 * @param options The format and the cache TTL.
 * @returns The provider function for `new SecretKeyAccessor()`.
 * @throws {StorageConfigValidationError} When an argument is invalid. The returned function
 *   rejects with `StorageConfigValidationError` when the file cannot be read, and with
 *   `SecretsValidationError` when it is empty or not JSON.
 * @example
 * ```ts
 * const accessor = new SecretKeyAccessor(secretsFromFile('/run/secrets/residency.json'));
 * ```
 */
export function secretsFromFile(path: string, options: FileSecretsOptions = {}): SecretsProvider {
  const { format = 'auto', cacheTtlMilliseconds = DEFAULT_TTL_MILLISECONDS } = options;
  if (typeof path !== 'string' || path === '') {
    throw new StorageConfigValidationError('secretsFromFile(): path must be a non-empty string');
  }
  if (!isSecretsTextFormat(format)) {
    throw new StorageConfigValidationError(
      'secretsFromFile(): format must be "auto", "json" or "text"',
    );
  }
  if (!Number.isSafeInteger(cacheTtlMilliseconds) || cacheTtlMilliseconds < 0) {
    throw new StorageConfigValidationError(
      'secretsFromFile(): cacheTtlMilliseconds must be an integer number of milliseconds, 0 or more',
    );
  }
  const file = resolve(path);
  const cache = new RefreshingCache(() => readSecretsFile(file, format), {
    ttlMilliseconds: cacheTtlMilliseconds,
  });
  return () => cache.get();
}

async function readSecretsFile(
  file: string,
  format: SecretsTextFormat,
): Promise<SecretKeyAccessorValue> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new StorageConfigValidationError(
      `Cannot read the secrets file ${file} (${typeof code === 'string' ? code : 'read failed'})`,
      { cause: error },
    );
  }
  return parseSecretsText(text.replace(/[\r\n]+$/, ''), format, `Secrets file ${file}`);
}
