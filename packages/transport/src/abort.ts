import { StorageNetworkError } from '@residency/errors';

/**
 * The error of an aborted call: a `StorageNetworkError` (no HTTP answer was used) whose
 * `cause` is the signal's reason, so callers can still tell their own abort apart.
 *
 * @param description What was aborted, e.g. `GET /v2/storage/records/us/…`.
 * @param signal The aborted signal.
 * @returns The error to throw.
 */
export function abortedError(
  description: string,
  signal: AbortSignal | undefined,
): StorageNetworkError {
  return new StorageNetworkError(`${description} was aborted`, { cause: signal?.reason });
}

/**
 * Throws when the signal is already aborted.
 *
 * @param signal The caller's signal, if any.
 * @param description What would be aborted.
 * @throws {StorageNetworkError} The signal is aborted.
 */
export function throwIfAborted(signal: AbortSignal | undefined, description: string): void {
  if (signal?.aborted) throw abortedError(description, signal);
}

/**
 * Waits, unless the signal aborts first. Uses `setTimeout`, so fake timers drive it.
 *
 * @param milliseconds How long to wait.
 * @param signal Aborts the wait.
 * @param description What is waiting, for the abort error.
 * @returns A promise that resolves after the wait.
 * @throws {StorageNetworkError} The signal aborted the wait.
 */
export function sleep(
  milliseconds: number,
  signal: AbortSignal | undefined,
  description: string,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(description, signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(description, signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits for a shared promise (a token or countries fetch other callers also wait for), but
 * lets this caller's signal stop waiting without cancelling the shared work.
 *
 * @param promise The shared promise.
 * @param signal This caller's signal.
 * @param description What is waiting, for the abort error.
 * @returns The promise's value.
 * @throws {StorageNetworkError} The signal aborted first.
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  description: string,
): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortedError(description, signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(description, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
