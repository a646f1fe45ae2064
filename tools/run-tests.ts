// `pnpm test`: runs every step of the test command and ends with one line,
// `tests: N passed, F failed (…), K skipped`, that agrees with its exit code. The steps, in order:
// tools/test-setup.sh (stops the run when the system lacks PostgreSQL 15 or Chromium), then one
// turbo run of every package's typecheck, test and test:integration (`--continue`, so one
// failure does not hide the others; turbo's run summary gives each task's exit code), then
// `pnpm lint`. Reports left by an earlier run are removed first, so an old one never counts.
//
// Usage: tsx tools/run-tests.ts [--root=<dir>] [--timeout=<seconds per step>] [turbo options…]
// e.g. `pnpm test --filter=@residency/crypto` runs one package's steps and lint.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { formatSummary, reportFileOf, type StepOutcome, summarize } from './test-summary.ts';

/** What the command line asked for. */
interface RunOptions {
  root: string;
  timeoutMs: number;
  turboArgs: string[];
}

/** How a child process ended. */
interface Exit {
  exitCode: number | null;
  timedOut: boolean;
  /** When the runner stopped it (ms since the epoch), or `undefined`. */
  stoppedAt: number | undefined;
}

/** The part of turbo's run summary (`--summarize`, .turbo/runs/*.json) the runner reads. */
interface TurboRunSummary {
  tasks: {
    package: string;
    task: string;
    directory: string;
    command: string;
    execution?: { exitCode?: number; endTime?: number };
  }[];
}

const TURBO = join(import.meta.dirname, '..', 'node_modules', '.bin', 'turbo');
const TASKS = ['typecheck', 'test', 'test:integration'];
// A guard against a hang, never a speed check: the whole tree takes 10-16 min on 2 busy cores.
const DEFAULT_TIMEOUT_S = 3600;
// How long a step has to stop after SIGINT before it is killed.
const GRACE_MS = 15_000;

const options = parseOptions(process.argv.slice(2));
// Set when the runner itself got SIGINT or SIGTERM: the steps after the stopped one are skipped.
let interrupted = false;
const steps: StepOutcome[] = [];
try {
  const setup = await runStep('bash', ['tools/test-setup.sh'], options);
  steps.push(wholeTreeStep('setup', setup));
  if (setup.exitCode === 0) {
    removeStaleReports(options.root);
    steps.push(...(await runTurbo(options)));
    if (!interrupted) {
      steps.push(wholeTreeStep('lint', await runStep('pnpm', ['run', 'lint'], options)));
    }
  }
} catch (error) {
  // A fault of the runner itself (an unreadable run summary…) still ends in a failed line.
  console.error(error);
  steps.push(wholeTreeStep('runner', { exitCode: 1, timedOut: false, stoppedAt: undefined }));
}
const summary = summarize(steps);
console.log(`\n${formatSummary(summary)}`);
process.exitCode = summary.failed > 0 ? 1 : 0;

/** Reads `--root=` and `--timeout=`; every other argument goes to turbo. */
function parseOptions(args: readonly string[]): RunOptions {
  const options: RunOptions = {
    root: join(import.meta.dirname, '..'),
    timeoutMs: DEFAULT_TIMEOUT_S * 1000,
    turboArgs: [],
  };
  for (const arg of args) {
    if (arg.startsWith('--root=')) options.root = arg.slice('--root='.length);
    else if (arg.startsWith('--timeout=')) {
      const seconds = Number(arg.slice('--timeout='.length));
      if (!(seconds > 0)) throw new Error(`--timeout takes a number of seconds, got ${arg}`);
      options.timeoutMs = seconds * 1000;
    } else options.turboArgs.push(arg);
  }
  return options;
}

/** A step of the whole tree (setup, lint), named without a package. */
function wholeTreeStep(task: string, exit: Exit): StepOutcome {
  return { package: '', task, directory: '', exitCode: exit.exitCode, timedOut: exit.timedOut };
}

/**
 * Runs turbo once over every task and reads back what each task did.
 *
 * @returns One outcome per task that has a script, plus one for turbo itself when it timed out
 *   or failed without naming a failed task (a bad option, a broken turbo.json).
 */
async function runTurbo(options: RunOptions): Promise<StepOutcome[]> {
  const runs = join(options.root, '.turbo', 'runs');
  const before = new Set(existsSync(runs) ? readdirSync(runs) : []);
  const args = ['run', ...TASKS, '--continue', '--concurrency=2', '--summarize'];
  const exit = await runStep(TURBO, [...args, ...options.turboArgs], options);
  const written = existsSync(runs) ? readdirSync(runs).filter((file) => !before.has(file)) : [];
  const tasks = written.flatMap((file) => readRunSummary(join(runs, file), exit, options.root));
  // Stopped or crashed, turbo leaves out the tasks it did not finish, or writes no summary.
  if (written.length === 0 || exit.stoppedAt !== undefined) {
    tasks.push(...(await unfinishedSuites(options, exit, tasks)));
  }
  const taskFailed = tasks.some((task) => task.exitCode !== 0);
  if (exit.timedOut || (exit.exitCode !== 0 && !taskFailed)) {
    tasks.push(wholeTreeStep('turbo', exit));
  }
  return tasks;
}

/** Each task's outcome from turbo's run summary, which it then removes. */
function readRunSummary(path: string, exit: Exit, root: string): StepOutcome[] {
  const run = JSON.parse(readFileSync(path, 'utf8')) as TurboRunSummary;
  rmSync(path);
  // Turbo lists tasks a package has no script for (`transit`, a missing test:integration).
  return run.tasks
    .filter((task) => task.command !== '<NONEXISTENT>')
    .map((task) => {
      const endTime = task.execution?.endTime ?? Number.POSITIVE_INFINITY;
      return {
        package: task.package,
        task: task.task,
        directory: join(root, task.directory),
        exitCode: task.execution?.exitCode ?? null,
        timedOut: exit.stoppedAt !== undefined && endTime >= exit.stoppedAt,
      };
    });
}

/**
 * The test suites a stopped or crashed turbo run did not report on: turbo's dry run lists every
 * suite of the run; one missing from `known` counts by its report, or is named without one.
 */
async function unfinishedSuites(
  options: RunOptions,
  exit: Exit,
  known: readonly StepOutcome[],
): Promise<StepOutcome[]> {
  const seen = new Set(known.map((step) => `${step.package}#${step.task}`));
  const args = ['run', ...TASKS, '--dry=json', ...options.turboArgs];
  const dry = await captureStdout(TURBO, args, options.root);
  let run: TurboRunSummary;
  try {
    run = JSON.parse(dry) as TurboRunSummary;
  } catch {
    return [];
  }
  return run.tasks
    .filter((task) => task.command !== '<NONEXISTENT>' && reportFileOf(task.task) !== undefined)
    .filter((task) => !seen.has(`${task.package}#${task.task}`))
    .map((task) => {
      const directory = join(options.root, task.directory);
      const reported = existsSync(join(directory, reportFileOf(task.task) ?? ''));
      const exitCode = reported ? 0 : null;
      return {
        package: task.package,
        task: task.task,
        directory,
        exitCode,
        timedOut: exit.timedOut,
      };
    });
}

/** Runs a command to its end and returns what it printed. */
function captureStdout(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(stdout));
  });
}

/** Removes every workspace package's `test-results*.json`, so only this run's reports count. */
function removeStaleReports(root: string): void {
  for (const directory of workspaceDirectories(root)) {
    for (const file of readdirSync(directory)) {
      if (/^test-results(\.[\w-]+)?\.json$/.test(file)) rmSync(join(directory, file));
    }
  }
}

/** The package folders pnpm-workspace.yaml names: `dir/*` entries and plain folders. */
function workspaceDirectories(root: string): string[] {
  const manifest = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = manifest.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  const globs = [...block.matchAll(/^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/gm)].map((match) => match[1]);
  return globs.flatMap((glob) => {
    const parent = join(root, glob.replace(/\/\*$/, ''));
    if (!existsSync(parent)) return [];
    if (!glob.endsWith('/*')) return [parent];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name));
  });
}

/**
 * Runs one step in its own process group with the terminal's output, stopping the whole group
 * (SIGINT, then SIGKILL) at the time limit or when the runner itself is interrupted.
 *
 * @returns Its exit code (128 + N when signal N ended it, `null` when it never started).
 */
function runStep(command: string, args: string[], options: RunOptions): Promise<Exit> {
  return new Promise((resolve) => {
    // stdin is closed: a step in a background process group that read the terminal would stop.
    const child = spawn(command, args, {
      cwd: options.root,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    const exit: Exit = { exitCode: null, timedOut: false, stoppedAt: undefined };
    const stop = (): void => {
      exit.stoppedAt ??= Date.now();
      interrupted ||= !exit.timedOut;
      signalGroup(child, 'SIGINT');
      setTimeout(() => signalGroup(child, 'SIGKILL'), GRACE_MS).unref();
    };
    const timer = setTimeout(() => {
      exit.timedOut = true;
      stop();
    }, options.timeoutMs);
    process.on('SIGINT', stop).on('SIGTERM', stop);
    let ended = false;
    const done = (exitCode: number | null): void => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      process.off('SIGINT', stop).off('SIGTERM', stop);
      resolve({ ...exit, exitCode });
    };
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      done(null);
    });
    child.on('exit', (code, signal) => done(signal ? 128 + constants.signals[signal] : code));
  });
}

/** Sends a signal to a step's process group; it may have ended already. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone: the step ended on its own.
  }
}
