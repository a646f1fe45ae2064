/** One entry of a PoP error body (protocol.md §3). */
export interface PopErrorEntry {
  /** A short title, e.g. `Not Found`. */
  readonly title: string;
  /** What the error is about, e.g. a field or path. */
  readonly source: string;
  /** The explanation. */
  readonly detail: string;
}

/** A PoP error body: `{"errors":[{"title","source","detail"}]}`. */
export interface PopErrorBody {
  /** The entries, in the server's order. */
  readonly errors: readonly PopErrorEntry[];
}

/**
 * Builds a PoP error body (protocol.md §3).
 *
 * @param entries The entries; missing fields get neutral defaults.
 * @returns The body, ready for `Response.json`.
 */
export function errorBody(...entries: Partial<PopErrorEntry>[]): PopErrorBody {
  return {
    errors: entries.map((entry) => ({
      title: entry.title ?? 'Error',
      source: entry.source ?? '',
      detail: entry.detail ?? '',
    })),
  };
}

/** Options of `errorResponse`. */
export interface ErrorResponseOptions {
  /** The entries of the `errors` body; none sends an empty body. */
  readonly errors?: readonly Partial<PopErrorEntry>[];
  /** Extra response headers, e.g. `x-inc-corr-id-resp` or `Retry-After`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Builds an HTTP error response, with a PoP error body when entries are given.
 *
 * @param status The status, e.g. 404 or 429.
 * @param options The body entries and extra headers.
 * @returns The response.
 */
export function errorResponse(status: number, options: ErrorResponseOptions = {}): Response {
  const headers = { ...options.headers };
  if (options.errors === undefined) return new Response(null, { status, headers });
  return Response.json(errorBody(...options.errors), { status, headers });
}

/**
 * Builds an OAuth2 error body (protocol.md §2.3).
 *
 * @param error The RFC 6749 error code, e.g. `invalid_client`.
 * @param description The `error_description`.
 * @returns The body.
 */
export function oauthErrorBody(
  error: string,
  description = 'Client authentication failed',
): { error: string; error_description: string } {
  return { error, error_description: description };
}

/**
 * A response that makes `fetch` reject with a `TypeError`, as a refused connection or a DNS
 * failure does.
 *
 * @returns msw's network-error response.
 */
export function networkError(): Response {
  return Response.error();
}

/**
 * Builds our server's answer to a conditional batch write whose preconditions failed: 412 with
 * one entry per changed record, `source` `records[<index>].expected_updated_at`.
 *
 * @param indices The indices (in the batch) of the records that changed.
 * @returns The response.
 */
export function preconditionFailedResponse(indices: readonly number[]): Response {
  return errorResponse(412, {
    errors: indices.map((index) => ({
      title: 'Precondition Failed',
      source: `records[${index}].expected_updated_at`,
      detail: 'The record changed since it was read',
    })),
  });
}
