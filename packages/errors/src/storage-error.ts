/** Options every Residency error accepts. */
export interface StorageErrorOptions {
  /** The error that caused this one: a driver, HTTP or crypto failure. Kept as `error.cause`. */
  cause?: unknown;
}

/** The brand value that `isStorageError` looks for; stable across copies of this package. */
const BRAND = 'residency.StorageError';

/**
 * The root of the Residency error tree: every error a Residency package throws on purpose is one.
 *
 * Messages never contain a plaintext, a record body, a key value, a secret or a token.
 *
 * @example
 * ```ts
 * try { await storage.read('us', 'k1'); }
 * catch (error) { if (isStorageError(error)) console.error(error.name, error.message); }
 * ```
 */
export class StorageError extends Error {
  override name: string = 'StorageError';

  /**
   * Creates the error.
   *
   * @param message A description safe to log: never a secret, key value or body.
   * @param options The `cause`, when another error led to this one.
   */
  constructor(message: string, options?: StorageErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }

  /**
   * A brand read by `isStorageError`, so errors are recognised even when two copies of this
   * package are installed and `instanceof` cannot see across them.
   */
  get residencyErrorBrand(): string {
    return BRAND;
  }
}

/**
 * Tells whether a value is a Residency error, also across duplicate installs of this package.
 *
 * @param value Anything caught.
 * @returns `true` when `value` is a `StorageError` from any copy of `@residency/errors`.
 */
export function isStorageError(value: unknown): value is StorageError {
  if (value instanceof StorageError) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { residencyErrorBrand?: unknown }).residencyErrorBrand === BRAND
  );
}
