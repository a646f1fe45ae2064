import { InputValidationError, type InputValidationErrorOptions } from '@residency/errors';

/**
 * `HanaSecureStore.create()` found an entry with that key already: use `set()` to replace it,
 * or another key. An `InputValidationError` with `path: 'key'`; `cause` is the driver's error
 * from the refused INSERT.
 */
export class SecureStoreEntryExistsError extends InputValidationError {
  override name: string = 'SecureStoreEntryExistsError';

  /**
   * Creates the error.
   *
   * @param message What happened, without the key's value.
   * @param options The `cause`; `path` defaults to `key`.
   */
  constructor(message: string, options?: InputValidationErrorOptions) {
    super(message, { path: 'key', ...options });
  }
}
