// The `residency-server` binary from sources in a child process, for what needs a process of
// its own: the crash test (SIGKILL) and the bench (the server's RSS, apart from the client's).
// Node runs src/main.ts with tsx as a loader, in one process: the `tsx` command would run the
// server in a grandchild, out of reach of our SIGKILL and of /proc/<pid>.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Credentials } from '../../src/index.ts';
import { serverEnvironment } from '../../src/launch/server-command.ts';

/** apps/server, where `--import tsx` resolves and src/main.ts lives. */
export const SERVER_PACKAGE_DIR: string = fileURLToPath(new URL('../..', import.meta.url));

const LISTENING = /^listening on (\S+)$/m;

/** A server process, listening. */
export interface ServerProcess {
  /** The base URL from its `listening on` line. */
  readonly url: string;
  /** The server process's id (for /proc/<pid>/status). */
  readonly pid: number;
  /** Resolves when the process has exited, with its signal or exit code. */
  readonly exited: Promise<string>;
  /** The last 8000 characters the server wrote to stderr (its log). */
  log(): string;
  /**
   * Sends a signal without waiting for the exit (`exited` tells that).
   * @param signal The signal.
   */
  signal(signal: 'SIGTERM' | 'SIGINT'): void;
  /**
   * Sends a signal and waits for the process to exit.
   * @param signal `SIGKILL` for a crash, `SIGTERM` for a graceful stop.
   * @returns How it ended.
   */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<string>;
}

/** A server running in a child process, with the development client it wrote. */
export interface SpawnedServer extends ServerProcess {
  /** The development client, from `<data>/credentials.json`. */
  readonly credentials: Credentials;
}

/** How {@link spawnServer} runs the server. */
export interface SpawnOptions {
  /** `sources` (default) runs `src/main.ts` with tsx; `built` runs `bin/residency-server.js`. */
  readonly from?: 'sources' | 'built';
  /** The server package directory, default this package. */
  readonly packageDir?: string;
  /** Environment variables for it (`RESIDENCY_*` of the test's own environment are dropped). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts `residency-server` from sources: `node --conditions=@residency/source --import tsx
 * src/main.ts --data DIR --port 0 …` (or the built binary), and waits until it listens. `credentials.json` is
 * written before the `listening on` line, so it is complete once the line appears (and on a
 * restart, the file of the previous run is never mistaken for this one's).
 * @param dataDir The data folder.
 * @param flags More flags (e.g. `--postgres-url URL`, `--countries de`).
 * @param options `from: 'built'` runs `bin/residency-server.js` (after `pnpm build`) instead of
 *   sources; `packageDir` is the server package to run, default this one (a bench's A/B runs
 *   another checkout's too).
 * @returns The running server.
 * @throws Error with the server's stderr when it exits before listening.
 */
export async function spawnServer(
  dataDir: string,
  flags: readonly string[] = [],
  options: SpawnOptions = {},
): Promise<SpawnedServer> {
  const server = await spawnServerProcess(dataDir, flags, options);
  const credentials = JSON.parse(
    await readFile(join(dataDir, 'credentials.json'), 'utf8'),
  ) as Credentials;
  return { ...server, credentials };
}

/**
 * Starts `residency-server` as {@link spawnServer} does, without reading `credentials.json`:
 * for a copy that joins a deployment whose development client another copy created.
 * @param dataDir The data folder.
 * @param flags More flags.
 * @param options Sources or built, the package, environment variables.
 * @returns The running server.
 * @throws Error with the server's stderr when it exits before listening.
 */
export async function spawnServerProcess(
  dataDir: string,
  flags: readonly string[] = [],
  options: SpawnOptions = {},
): Promise<ServerProcess> {
  const { from = 'sources', packageDir = SERVER_PACKAGE_DIR } = options;
  const args =
    from === 'built'
      ? ['bin/residency-server.js']
      : ['--conditions=@residency/source', '--import', 'tsx', 'src/main.ts'];
  args.push('--data', dataDir, '--port', '0', '--purge-interval', '0', ...flags);
  const child = spawn(process.execPath, args, {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnvironment(options.env),
  });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  const stderr = { text: '' };
  const url = await listeningUrl(child, exited, stderr);
  return {
    url,
    pid: child.pid as number,
    exited,
    log: () => stderr.text,
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    stop: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

function listeningUrl(
  child: ChildProcess,
  exited: Promise<string>,
  stderr: { text: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      output += text;
      const match = LISTENING.exec(output);
      if (match !== null) resolve(match[1] as string);
    });
    // Keep draining stderr (the server's log), or the child blocks once the pipe fills.
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr.text = (stderr.text + text).slice(-8000);
    });
    void exited.then((how) =>
      reject(new Error(`residency-server ended (${how}) before listening:\n${stderr.text}`)),
    );
  });
}

/** What a one-shot `residency-server` command printed, and how it ended. */
export interface CommandRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a one-shot `residency-server` command (`env add …`) from sources in a child process.
 * @param args The arguments, e.g. `['env', 'add', 'prod', '--data', dir]`.
 * @returns Its exit code and output, once it has exited.
 */
export function runServerCommand(args: readonly string[]): Promise<CommandRun> {
  const child = spawn(
    process.execPath,
    ['--conditions=@residency/source', '--import', 'tsx', 'src/main.ts', ...args],
    {
      cwd: SERVER_PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnvironment(),
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
