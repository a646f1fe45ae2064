// A spawned server process, watched: its exit, the tail of its log (stderr), and a stop that
// always ends (SIGTERM, then SIGKILL after a limit). stdout is never kept: on a first start it
// carries the banner with the development client's secret.

import type { ChildProcess } from 'node:child_process';

/** How much of the server's stderr is kept for an error message. */
const STDERR_TAIL_CHARS = 4_000;

/** A child process under watch. */
export interface WatchedProcess {
  /** Settles with the exit code (null after a signal) once the process has ended. */
  readonly exited: Promise<number | null>;
  /** How the process ended, for a message: `code 1`, `signal SIGKILL`. */
  howItEnded(): string;
  /** The last characters of its stderr. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after the stop limit; resolves once the process has exited. */
  stop(): Promise<void>;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    // A process that could not be spawned emits `error` and never `exit`.
    child.once('error', () => resolve(child.exitCode));
  });
}

/**
 * Watches a child process.
 *
 * @param child The process, with stderr piped.
 * @param stopTimeoutMs How long `stop` waits after SIGTERM before SIGKILL, in milliseconds.
 * @param onLog Receives the process's stderr as it comes.
 * @returns The watched process.
 */
export function watchProcess(
  child: ChildProcess,
  stopTimeoutMs: number,
  onLog: ((text: string) => void) | undefined,
): WatchedProcess {
  const exited = exitOf(child);
  // If the caller's process ends without stopping the server (a crash), take the server along.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_CHARS);
    onLog?.(text);
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // A server that hangs while closing is killed, so stopping always ends.
      const kill = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(kill);
    })();
    return stopping;
  };
  const howItEnded = () =>
    child.signalCode === null ? `code ${child.exitCode}` : `signal ${child.signalCode}`;
  return { exited, howItEnded, stderrTail: () => stderr, stop };
}
