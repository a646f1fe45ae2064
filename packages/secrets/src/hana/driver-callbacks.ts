// Both drivers speak Node-style callbacks; these helpers turn them into promises.

/** A Node-style callback: an error first, then at most one value that matters. */
export type Callback<T> = (error: unknown, value?: T) => void;

/**
 * Runs a callback-style operation as a promise; a truthy first argument rejects.
 *
 * @param start Starts the operation, handing it the callback.
 * @returns The callback's second argument.
 */
export function callbackPromise<T>(start: (callback: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start((error, value) => {
      if (error) reject(error);
      else resolve(value as T);
    });
  });
}

/**
 * Rejects with a `code: 'ETIMEDOUT'` error when a connect does not finish in time, so a host
 * that drops packets fails as a network error instead of hanging.
 *
 * @param connecting The connect in progress.
 * @param milliseconds How long to wait.
 * @param onTimeout Called once on timeout, to tear the half-open connection down.
 * @returns What `connecting` resolves with.
 */
export function withConnectTimeout<T>(
  connecting: Promise<T>,
  milliseconds: number,
  onTimeout: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      const error = new Error(`Connect did not finish within ${milliseconds} ms`);
      reject(Object.assign(error, { code: 'ETIMEDOUT' }));
    }, milliseconds);
    connecting.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Copies a driver's OUT value into a plain `Uint8Array`.
 *
 * @param value `VALUE` as the driver returned it: a `Buffer`, `null` or `undefined`.
 * @returns The bytes, or `null` when the key does not exist.
 * @throws {TypeError} When the driver returned something else; `HanaSecureStore` reports it
 *   as an unexpected driver error.
 */
export function outValue(value: unknown): Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw new TypeError(`The OUT parameter VALUE is a ${typeof value}, not bytes`);
}
