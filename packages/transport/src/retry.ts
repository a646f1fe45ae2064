import { StorageServerError } from '@residency/errors';
import { sleep } from './abort.ts';
import type { ResolvedTransportOptions } from './transport-options.ts';

/** The statuses worth a retry: rate limited and temporarily unavailable (protocol.md §9.2). */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** `Retry-After` of the response an error came from, in milliseconds; set by translation. */
const retryAfterByError = new WeakMap<object, number>();

/**
 * Tells whether a failed call is worth another attempt: a server error with status 429 or 503,
 * from the PoP, the token endpoint or the countries list. Everything else fails at once; a
 * 500 is not retried, nor is a network error (the request may have been applied; a reset
 * idempotent request is sent once more by `sendPopRequest`, stale-connection.ts).
 *
 * @param error Anything caught.
 * @returns `true` when the call should be retried after a backoff.
 */
export function isRetryableError(error: unknown): error is StorageServerError {
  return (
    error instanceof StorageServerError &&
    error.status !== undefined &&
    RETRYABLE_STATUSES.has(error.status)
  );
}

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP date.
 *
 * @param value The header value, or `null` when absent.
 * @param now The current time in milliseconds since the epoch.
 * @returns The delay in milliseconds (never negative), or `undefined` when absent or invalid.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Remembers the `Retry-After` of the response an error was made from.
 *
 * @param error The translated error.
 * @param header The response's `Retry-After` header, or `null`.
 */
export function rememberRetryAfter(error: object, header: string | null): void {
  const delay = parseRetryAfter(header, Date.now());
  if (delay !== undefined) retryAfterByError.set(error, delay);
}

/** The transport's retry policy: its two delays and its logger, named as in its options. */
export type RetryPolicy = Pick<
  ResolvedTransportOptions,
  'retryBaseDelay' | 'retryMaxDelay' | 'logger'
>;

/** What one retried operation adds to the policy. */
export interface RetryCall {
  /** Aborts the wait between attempts. */
  readonly signal: AbortSignal | undefined;
  /** What is retried, for the abort error. */
  readonly description: string;
  /** Whether another attempt is possible at all (a streamed body may be read once); default yes. */
  readonly canRetry?: (() => boolean) | undefined;
}

/**
 * Runs an operation, retrying it while it fails with `isRetryableError`, as Python's
 * `retry.py` does (protocol.md §9.2): the delay `d` starts at `retryBaseDelay` and doubles;
 * before each retry the wait is `d × U(0.8, 1.2)`, or the response's `Retry-After` capped at
 * `retryMaxDelay`; once `d` exceeds `retryMaxDelay` the last error is thrown. With 1 s and 32 s that is
 * 6 retries, 7 attempts.
 *
 * @param operation One attempt.
 * @param policy The delays and the logger: the transport's options.
 * @param call The abort signal, the description and whether another attempt is possible.
 * @returns The first successful result.
 * @throws The last error, or `StorageNetworkError` when the signal aborts a wait.
 */
export async function withRetry<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy,
  call: RetryCall,
): Promise<T> {
  let delay = policy.retryBaseDelay;
  for (let retry = 1; ; retry += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isRetryableError(error) || delay > policy.retryMaxDelay) throw error;
      if (call.canRetry?.() === false) throw error;
      const wait = waitBefore(error, delay, policy.retryMaxDelay);
      policy.logger.warn(`${error.message}; retry ${retry} in ${wait} ms`, {
        status: error.status,
        retry,
        delayMs: wait,
      });
      await sleep(wait, call.signal, call.description);
      delay *= 2;
    }
  }
}

function waitBefore(error: StorageServerError, delay: number, maxDelay: number): number {
  const retryAfter = retryAfterByError.get(error);
  if (retryAfter !== undefined) return Math.min(retryAfter, maxDelay);
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}
