// Where results and failures go. With `--json` stdout carries exactly one JSON document (the
// result, or `{ "error": … }`), so scripts can always parse it; human text otherwise. Messages
// and progress go to stderr, so stdout stays clean for pipes (`download --out -`).
import type { Writable } from 'node:stream';
import { stringifyJson } from '@residency/sdk';
import { type ExitCode, exitCodeOf, messageOf } from './exit-codes.ts';

/** Where and how the CLI prints. */
export interface Output {
  /** Whether `--json` was given. */
  readonly json: boolean;
  /** The result stream (stdout). */
  readonly stdout: Writable;
  /** The message and progress stream (stderr). */
  readonly stderr: Writable;
  /**
   * Prints a command's result: `value` as JSON with `--json`, else `text` (if any).
   *
   * @param value The result document.
   * @param text The human-readable form.
   */
  result(value: unknown, text?: string): void;
  /**
   * Prints a failure and returns its exit code.
   *
   * @param error What was thrown.
   * @returns The exit code to end with.
   */
  failure(error: unknown): ExitCode;
}

/** The streams an `Output` writes to. */
export interface OutputStreams {
  /** Results. */
  readonly stdout: Writable;
  /** Messages and progress. */
  readonly stderr: Writable;
}

/**
 * Creates the output of one run.
 *
 * @param json Whether `--json` was given.
 * @param streams stdout and stderr.
 * @returns The output.
 */
export function createOutput(json: boolean, streams: OutputStreams): Output {
  const { stdout, stderr } = streams;
  return {
    json,
    stdout,
    stderr,
    result(value, text) {
      // stringifyJson: a range key past 2^53 is a bigint, written as its exact digits.
      if (json) stdout.write(`${stringifyJson(value, 2)}\n`);
      else if (text !== undefined) stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    failure(error) {
      const exitCode = exitCodeOf(error);
      const message = messageOf(error);
      stderr.write(`residency: ${message}\n`);
      if (json)
        stdout.write(`${JSON.stringify({ error: errorDocument(error, message, exitCode) })}\n`);
      return exitCode;
    },
  };
}

function errorDocument(error: unknown, message: string, exitCode: ExitCode) {
  const name = error instanceof Error ? error.name : 'Error';
  const status = (error as { status?: unknown } | null)?.status;
  const requestId = (error as { requestId?: unknown } | null)?.requestId;
  return {
    name,
    message,
    exitCode,
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}
