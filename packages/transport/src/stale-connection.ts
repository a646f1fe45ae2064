// A keep-alive connection can be closed by the server while the client holds it idle: the two
// idle timers meet, or the client's event loop was busy past its own timer (a large hash, a
// loaded machine). The next request written on it fails with a reset before any answer. Such a
// request is sent once more, at once (the pool then opens a fresh connection), when its method
// is idempotent, so a second delivery changes nothing: as browsers and Go's net/http do. Any
// other network error still fails at once (the request may have been applied).

import type { HttpMethod } from './request-options.ts';

/** Methods whose repetition has the effect of one request (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['GET', 'PUT', 'DELETE']);

/** Error codes of a connection closed under a request: Node's sockets and undici's. */
const RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** How deep the `cause` chain is searched (StorageNetworkError → TypeError → socket error). */
const MAX_CAUSE_DEPTH = 4;

/**
 * Tells whether a failed request may be sent once more on a fresh connection: its method is
 * idempotent and the connection was reset before any answer.
 *
 * @param method The request's method.
 * @param error What the send threw.
 * @returns `true` for a reset idempotent request.
 */
export function isResetIdempotentRequest(method: HttpMethod, error: unknown): boolean {
  return IDEMPOTENT_METHODS.has(method) && isConnectionReset(error);
}

function isConnectionReset(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current; depth++) {
    const code: unknown = (current as { code?: unknown }).code;
    if (typeof code === 'string' && RESET_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
