// What the server says about itself goes to stderr, one line per event; stdout carries only what
// an operator asked for (the `listening on` line, first-run credentials, `env add` output).
// Log lines never hold request bodies, record keys or secrets.

/** Where the server writes its log lines. */
export interface Logger {
  /** Routine events (start, stop). */
  info(message: string): void;
  /** Something an operator should look at. */
  warn(message: string): void;
  /** A failure: an unexpected error answered with 500, a failed purge. */
  error(message: string): void;
}

/**
 * The default logger: `info`, `warn` and `error` lines on stderr, each with a time stamp.
 *
 * @returns The logger.
 */
export function createStderrLogger(): Logger {
  const write = (level: string, message: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
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
