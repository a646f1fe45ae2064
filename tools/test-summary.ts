// The closing line of `pnpm test`, `tests: N passed, F failed (…), K skipped`, built from what
// each step of the run did: its exit status and, for a test suite, the JSON report vitest wrote
// (vitest.shared.ts). A step that failed without a failed test in a report (did not start,
// crashed, timed out, typecheck or lint failed) counts as one failed test and is named, so the
// line never says `0 failed` for a failed run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What one step of the run did. */
export interface StepOutcome {
  /** Who ran it: the workspace package name, or empty for a step of the whole tree. */
  package: string;
  /** The task: `typecheck`, `test`, `test:integration`, `build`, `lint`, `setup`… */
  task: string;
  /** The package's folder, where a test task's report lies; empty when it has none. */
  directory: string;
  /** The exit code; `null` when the step ended without one (killed, never started). */
  exitCode: number | null;
  /** Whether the runner stopped it at its time limit. */
  timedOut: boolean;
}

/** The sums the closing line prints, and the steps it names. */
export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** One entry per step that failed without a failed test to show for it. */
  problems: string[];
}

/** The fields of vitest's JSON report the line uses. */
interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites?: number;
}

/**
 * The report file a test task writes: `test` writes `test-results.json`, `test:<suite>` writes
 * `test-results.<suite>.json` (the names vitest.shared.ts gives and turbo.json caches).
 *
 * @param task The turbo task name.
 * @returns The file name, or `undefined` when the task is no test suite.
 */
export function reportFileOf(task: string): string | undefined {
  if (task === 'test') return 'test-results.json';
  if (task.startsWith('test:')) return `test-results.${task.slice('test:'.length)}.json`;
  return undefined;
}

/**
 * Sums the steps' outcomes into the closing line's figures.
 *
 * @param steps Every step the run started or meant to start, in run order.
 * @returns The sums and the named problems.
 */
export function summarize(steps: readonly StepOutcome[]): Summary {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0, problems: [] };
  let suites = 0;
  for (const step of steps) {
    const file = reportFileOf(step.task);
    const problem = file ? addSuite(summary, step, join(step.directory, file)) : stepProblem(step);
    if (file) suites += 1;
    if (problem !== undefined) {
      summary.failed += 1;
      summary.problems.push(`${nameOf(step)}${problem}`);
    }
  }
  if (suites === 0 && summary.failed === 0) {
    summary.failed += 1;
    summary.problems.push('no test suite ran');
  }
  return summary;
}

/**
 * Prints the figures as the one closing line.
 *
 * @param summary What `summarize` returned.
 * @returns `tests: N passed, F failed (named, …), K skipped`.
 */
export function formatSummary(summary: Summary): string {
  const named = summary.problems.length > 0 ? ` (${summary.problems.join(', ')})` : '';
  return `tests: ${summary.passed} passed, ${summary.failed} failed${named}, ${summary.skipped} skipped`;
}

/** Adds a suite's report to the sums; returns the problem to name when it shows none. */
function addSuite(summary: Summary, step: StepOutcome, path: string): string | undefined {
  const report = readReport(path);
  if (report === 'unreadable') return 'unreadable report';
  if (report === undefined) return missingReportProblem(step);
  summary.passed += report.numPassedTests;
  summary.failed += report.numFailedTests;
  summary.skipped += report.numPendingTests + report.numTodoTests;
  if (step.exitCode === 0 || report.numFailedTests > 0) return undefined;
  if (step.timedOut) return 'timed out';
  const unloaded = report.numFailedTestSuites ?? 0;
  if (unloaded > 0) return `${unloaded} test file${unloaded === 1 ? '' : 's'} failed`;
  return `crashed (exit ${step.exitCode})`;
}

/** Why a suite left no report: vitest writes it at the end, so the suite never got there. */
function missingReportProblem(step: StepOutcome): string {
  if (step.timedOut) return 'timed out';
  if (step.exitCode === null) return 'did not start';
  if (step.exitCode === 0) return 'wrote no report';
  // 128 + N is how a shell reports a child killed by signal N (137 = SIGKILL, e.g. out of memory).
  if (step.exitCode > 128) return `crashed (exit ${step.exitCode})`;
  return `did not start (exit ${step.exitCode})`;
}

/** The problem a step other than a test suite shows, if it failed. */
function stepProblem(step: StepOutcome): string | undefined {
  if (step.timedOut) return `${step.task} timed out`;
  if (step.exitCode === 0) return undefined;
  if (step.exitCode === null) return `${step.task} did not start`;
  return `${step.task} failed (exit ${step.exitCode})`;
}

/** `demo-web: `, `server integration: `, or nothing for a step of the whole tree. */
function nameOf(step: StepOutcome): string {
  const short = step.package.replace(/^@residency\//, '');
  if (short === '') return '';
  const suite = step.task.startsWith('test:') ? ` ${step.task.slice('test:'.length)}` : '';
  return `${short}${suite}: `;
}

/** The report at `path`: `undefined` when absent, `'unreadable'` when it is no report. */
function readReport(path: string): Report | undefined | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const report = JSON.parse(text) as Partial<Report>;
    const counts = [
      report.numPassedTests,
      report.numFailedTests,
      report.numPendingTests,
      report.numTodoTests,
    ];
    return counts.every((count) => Number.isInteger(count)) ? (report as Report) : 'unreadable';
  } catch {
    return 'unreadable';
  }
}
