// The one error shape of the storage API (protocol.md §3): `{"errors":[{title, source, detail}]}`.
// Node formats each entry as "<status> <title>: <source> <detail>", so `source` names the
// field or parameter and `detail` the rule — never the offending value (style.md §9): a value
// may be a record key, a body or a token.

/** One entry of an error body. */
export interface ErrorEntry {
  /** The status text, e.g. `Bad Request`. */
  readonly title: string;
  /** What was wrong: a JSON path (`records[0].range_key1`), a parameter or a header. */
  readonly source: string;
  /** The rule that failed, in words. */
  readonly detail: string;
}

/** The status codes this server answers errors with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 408 | 412 | 413 | 415 | 429 | 500 | 503;

const STATUS_TITLES: { readonly [status in ErrorStatus]: string } = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Gives the status text of an error status, used as every entry's `title`.
 *
 * @param status The HTTP status.
 * @returns Its reason phrase, e.g. `Not Found`.
 */
function statusTitle(status: ErrorStatus): string {
  return STATUS_TITLES[status];
}

/** A problem found in one place: where, and which rule it breaks. */
export interface Problem {
  /** A JSON path, parameter or header name. */
  readonly source: string;
  /** The rule, never the value. */
  readonly detail: string;
}

/**
 * A request the server refuses, thrown by handlers and turned into an error body by the app's
 * error handler.
 */
export class ApiError extends Error {
  /** The HTTP status of the answer. */
  readonly status: ErrorStatus;
  /** The problems, one error entry each (at least one). */
  readonly problems: readonly Problem[];

  /**
   * @param status The HTTP status of the answer.
   * @param problems What was wrong, each with its source and rule.
   */
  constructor(status: ErrorStatus, problems: readonly Problem[]) {
    super(`${statusTitle(status)}: ${problems.map((problem) => problem.source).join(', ')}`);
    this.name = 'ApiError';
    this.status = status;
    this.problems = problems;
  }

  /**
   * Makes the error of a single problem.
   *
   * @param status The HTTP status.
   * @param source Where the problem is.
   * @param detail The rule it breaks.
   * @returns The error.
   */
  static of(status: ErrorStatus, source: string, detail: string): ApiError {
    return new ApiError(status, [{ source, detail }]);
  }
}

/**
 * Builds an error body.
 *
 * @param status The HTTP status, whose text becomes every entry's title.
 * @param problems The problems to list.
 * @returns `{ errors: [{ title, source, detail }, …] }`.
 */
export function errorBody(
  status: ErrorStatus,
  problems: readonly Problem[],
): { errors: ErrorEntry[] } {
  const title = statusTitle(status);
  return { errors: problems.map((problem) => ({ title, ...problem })) };
}
