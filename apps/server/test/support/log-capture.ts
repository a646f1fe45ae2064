// A JSON logger whose lines a test keeps, to parse and search them.

import type { Logger } from '../../src/logger.ts';
import { createJsonLogger } from '../../src/observability/json-logger.ts';

/** A logger and every line it wrote. */
export interface CapturedLog {
  readonly logger: Logger;
  /** The raw lines, each as written (one JSON object and its newline). */
  readonly lines: string[];
  /** Every line parsed as JSON (throws on a line that is not). */
  parsed(): { [field: string]: unknown }[];
}

/**
 * Creates a JSON logger writing into memory.
 * @returns The logger and its lines.
 */
export function captureJsonLog(): CapturedLog {
  const lines: string[] = [];
  const logger = createJsonLogger({ write: (line: string) => lines.push(line) });
  return {
    logger,
    lines,
    parsed: () =>
      lines
        .flatMap((chunk) => chunk.split('\n').filter((line) => line !== ''))
        .map((line) => JSON.parse(line)),
  };
}
