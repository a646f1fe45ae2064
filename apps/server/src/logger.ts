// What the server says about itself goes to stderr, one line per event; stdout carries only what
// an operator asked for (the `listening on` line, first-run credentials, `env add` output).
// Log lines never hold request bodies, record keys or secrets; what they hold is written with its
// control characters escaped, so no text can start a line of its own (a forged log entry).

/**
 * Escapes what could break a log line: CR, LF and every other control character (C0, DEL, C1,
 * U+2028/9) become `\xHH` or `\uHHHH`, and a backslash becomes two.
 *
 * @param text The text of a log line.
 * @returns The text, on one line.
 */
export function escapeLogText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point.
  return text.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => {
    if (char === '\\') return '\\\\';
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * What the server logs of one request: labels it chose itself, never a path, a query, a header
 * or a body (in SSE mode a path holds a raw record key).
 */
export interface RequestLogEntry {
  /** The id answered as `x-inc-corr-id-resp`. */
  readonly requestId: string;
  /** The method, or `OTHER` for one the API does not use. */
  readonly method: string;
  /** The route template matched (`/v2/storage/records/:country/find`), or `none`. */
  readonly route: string;
  /** The served country the path names, when it names one. */
  readonly country?: string | undefined;
  /** The environment of the checked access token, when there was one. */
  readonly environmentId?: string | undefined;
  readonly status: number;
  /** Milliseconds from the request's arrival to its answer's headers. */
  readonly durationMs: number;
}

/** Where the server writes its log lines. */
export interface Logger {
  /** Routine events (start, stop). */
  info(message: string): void;
  /** Something an operator should look at. */
  warn(message: string): void;
  /** A failure: an unexpected error answered with 500, a failed purge. */
  error(message: string): void;
  /** One line per request; loggers without it write none (the text format, by default). */
  request?(entry: RequestLogEntry): void;
}

/**
 * The default logger: `info`, `warn` and `error` lines on stderr, each with a time stamp.
 *
 * @returns The logger.
 */
export function createStderrLogger(): Logger {
  const write = (level: string, message: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${level} ${escapeLogText(message)}\n`);
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
  };
}

/**
 * A logger that drops everything (tests, embedding).
 *
 * @returns The logger.
 */
export function createSilentLogger(): Logger {
  const ignore = (): void => undefined;
  return { info: ignore, warn: ignore, error: ignore };
}
