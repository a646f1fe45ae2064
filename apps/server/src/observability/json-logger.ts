// The JSON log format: one JSON object per line, written by pino, for log collectors (the
// default when stderr is not a terminal). Events carry `level`, `time` (ISO 8601) and `msg`;
// request lines add the fields of `RequestLogEntry` and nothing else. JSON escapes CR, LF and
// every other control character, so no message can start a line of its own.

import { type DestinationStream, pino } from 'pino';
import type { Logger, RequestLogEntry } from '../logger.ts';

/** Where JSON lines go: anything with `write(line)`, e.g. a test's capture. */
export type LogDestination = DestinationStream;

/**
 * Creates a logger writing JSON lines.
 *
 * @param destination Where the lines go; default stderr, written synchronously so that the
 *   last lines before `process.exit` are not lost.
 * @returns The logger; its `request` writes one line per request (`msg: "request"`).
 * @example
 * ```ts
 * const logger = createJsonLogger();
 * logger.info('listening');
 * // {"level":"info","time":"2026-01-01T00:00:00.000Z","msg":"listening"}
 * ```
 */
export function createJsonLogger(
  destination: LogDestination = pino.destination({ dest: 2, sync: true }),
): Logger {
  const log = pino(
    {
      // No pid or hostname on every line: the collector knows where a line came from.
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message) => log.error(message),
    request: (entry: RequestLogEntry) => log.info(requestFields(entry), 'request'),
  };
}

// Copied field by field: whatever else an entry object might carry is never written.
function requestFields(entry: RequestLogEntry): { [field: string]: string | number } {
  const fields: { [field: string]: string | number } = {
    requestId: entry.requestId,
    method: entry.method,
    route: entry.route,
    status: entry.status,
    durationMs: Math.round(entry.durationMs * 1000) / 1000,
  };
  if (entry.country !== undefined) fields.country = entry.country;
  if (entry.environmentId !== undefined) fields.environmentId = entry.environmentId;
  return fields;
}
