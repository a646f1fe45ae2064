// Migration progress on stderr. On a terminal one line is redrawn in place (a bar, the rate and
// an ETA); anywhere else (a log file, CI) each update is a plain line of its own, since
// carriage returns and partial lines make logs unreadable.
import type { MigrateProgress } from '@residency/sdk';

/** Reports the progress of one migration run. */
export interface ProgressReporter {
  /**
   * Shows a new state.
   *
   * @param progress The counts after a page.
   */
  update(progress: MigrateProgress): void;
  /** Ends the display (a newline after the bar on a terminal). */
  finish(): void;
}

/** Where a reporter writes and how it tells time. */
export interface ProgressTarget {
  /** Writes text to stderr. */
  readonly write: (text: string) => void;
  /** Whether stderr is a terminal. */
  readonly isTTY: boolean;
  /** The terminal's width in columns, when known. */
  readonly columns?: number | undefined;
  /** The clock, in milliseconds; injectable so tests need no timing. */
  readonly now?: () => number;
}

const BAR_WIDTH = 30;

function done(progress: MigrateProgress): number {
  return progress.migrated + progress.failed + progress.skipped;
}

function counts(progress: MigrateProgress): string {
  return `${progress.migrated} migrated, ${progress.failed} failed, ${progress.skipped} skipped, ${progress.totalLeft} left`;
}

/**
 * Formats a duration for the ETA.
 *
 * @param seconds The duration in seconds.
 * @returns `42s`, `3m05s` or `2h07m`.
 */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * Renders the terminal line: bar, percentage, counts, rate and ETA.
 *
 * @param progress The counts.
 * @param elapsedMilliseconds Time since the run started.
 * @returns The line, without a line break.
 */
export function renderBar(progress: MigrateProgress, elapsedMilliseconds: number): string {
  const finished = done(progress);
  const total = finished + progress.totalLeft;
  const fraction = total === 0 ? 1 : finished / total;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
  const rate = elapsedMilliseconds > 0 ? (finished * 1000) / elapsedMilliseconds : 0;
  const eta = rate > 0 ? formatDuration(progress.totalLeft / rate) : '?';
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${bar}] ${percent} ${finished}/${total} ${rate.toFixed(1)} rec/s ETA ${eta} (${progress.failed} failed)`;
}

/**
 * Creates the reporter fitting stderr: a redrawn bar on a terminal, plain lines otherwise.
 *
 * @param target Where to write, and whether it is a terminal.
 * @returns The reporter.
 */
export function createProgressReporter(target: ProgressTarget): ProgressReporter {
  const now = target.now ?? Date.now;
  const started = now();
  if (!target.isTTY) {
    return {
      update: (progress) => target.write(`migrate: ${counts(progress)}\n`),
      finish: () => {},
    };
  }
  let drawn = false;
  return {
    update(progress) {
      const line = renderBar(progress, now() - started);
      const width = target.columns ?? 120;
      // Clear to the end of the line, so a shorter line leaves no leftovers.
      target.write(`\r${line.slice(0, Math.max(10, width - 1))}\u001b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) target.write('\n');
      drawn = false;
    },
  };
}
