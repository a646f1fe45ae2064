// Which log format the server writes: the `logFormat` setting, else text for a person at a
// terminal and JSON for everything else (systemd, containers, a file), where a collector reads
// the lines.

import { createStderrLogger, type Logger } from '../logger.ts';
import { createJsonLogger } from './json-logger.ts';

/** The log formats. */
export type LogFormat = 'json' | 'text';

/**
 * Picks the log format.
 *
 * @param setting The `logFormat` setting, if given.
 * @param stderrIsTerminal Whether stderr is a terminal (`process.stderr.isTTY`).
 * @returns The setting, else `text` on a terminal and `json` elsewhere.
 */
export function resolveLogFormat(
  setting: LogFormat | undefined,
  stderrIsTerminal: boolean,
): LogFormat {
  return setting ?? (stderrIsTerminal ? 'text' : 'json');
}

/**
 * Creates the logger of a format, writing to stderr.
 *
 * @param format `json` (with a line per request) or `text` (today's lines, no request lines).
 * @returns The logger.
 */
export function createFormatLogger(format: LogFormat): Logger {
  return format === 'json' ? createJsonLogger() : createStderrLogger();
}
