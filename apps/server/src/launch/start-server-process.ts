// Starts `residency-server` as a child process on a free port and a data folder (the caller's or
// a fresh temporary one), waits for its `listening on URL` line, printed once it has written
// `credentials.json`, and reads that file. The CLI's tests and both demos get a real server this
// way without importing any of it: this entry is the one they may import (style §3).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CREDENTIALS_FILE_NAME, type Credentials } from '../lifecycle/credentials-file.ts';
import { serverCommand, serverEnvironment } from './server-command.ts';
import { type WatchedProcess, watchProcess } from './watched-process.ts';

/** Options of `startServerProcess`. */
export interface ServerProcessOptions {
  /** The data folder, kept afterwards; default a fresh temporary folder, removed by `stop`. */
  readonly dataDir?: string | undefined;
  /** The name prefix of that temporary folder; default `residency-server-`. */
  readonly tempPrefix?: string | undefined;
  /** More `residency-server` flags (`--cors-origin URL`, `--token-ttl S`); the port is free. */
  readonly args?: readonly string[] | undefined;
  /** Environment variables for the server; the caller's own `RESIDENCY_*` are never passed on. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** How long the start may take, in milliseconds; default 120 000 (tsx compiles sources). */
  readonly startTimeoutMs?: number | undefined;
  /** How long `stop` waits after SIGTERM before SIGKILL, in milliseconds; default 30 000. */
  readonly stopTimeoutMs?: number | undefined;
  /** Receives the server's log (its stderr, which never holds a secret); default: kept quiet. */
  readonly onLog?: ((text: string) => void) | undefined;
  /** Abandons the start: the server is stopped, its temporary folder removed, the start rejects. */
  readonly signal?: AbortSignal | undefined;
}

/** A running server process. */
export interface ServerProcess {
  /** Its base URL, from its `listening on` line. */
  readonly url: string;
  /** Its process id. */
  readonly pid: number;
  /** Its data folder. */
  readonly dataDir: string;
  /** The development client and the URLs, as the server wrote them to `credentials.json`. */
  readonly credentials: Credentials;
  /** The path of that `credentials.json`. */
  readonly credentialsPath: string;
  /** Settles with the exit code (null after a signal) when the process ends, whoever ended it. */
  readonly exited: Promise<number | null>;
  /**
   * Stops the server: SIGTERM, waits for the exit (SIGKILL past the stop limit), then removes the
   * temporary folder it made. Calling it again waits for the first call.
   */
  stop(): Promise<void>;
}

const DEFAULT_START_TIMEOUT_MS = 120_000;
const DEFAULT_STOP_TIMEOUT_MS = 30_000;
const LISTENING = 'listening on ';

/** Resolves with the URL of the `listening on` line; rejects when the process ends first. */
function listeningUrl(child: ChildProcess, server: WatchedProcess, timeoutMs: number) {
  return new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`residency-server ${why}; its log ends:\n${server.stderrTail()}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs} ms`), timeoutMs);
    // stdout also carries the first-run banner with the client secret: read, never kept.
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (!line.startsWith(LISTENING)) return;
      clearTimeout(timer);
      lines.close();
      child.stdout?.resume();
      resolve(line.slice(LISTENING.length).trim());
    });
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    void server.exited.then(() => fail(`exited (${server.howItEnded()}) before it was ready`));
  });
}

/** The file's identity, to tell a `credentials.json` of an earlier start from this start's. */
async function identityOf(path: string): Promise<string | undefined> {
  const stats = await stat(path).catch(() => undefined);
  return stats === undefined ? undefined : `${stats.ino}:${stats.mtimeMs}`;
}

/** Reads the `credentials.json` the server wrote on this start (atomically: a new file). */
async function readFreshCredentials(path: string, before: string | undefined, log: string) {
  const now = await identityOf(path);
  if (now === undefined || now === before) {
    // The server writes none when this folder holds no development client's secret.
    throw new Error(`residency-server wrote no ${path} on this start; its log ends:\n${log}`);
  }
  return JSON.parse(await readFile(path, 'utf8')) as Credentials;
}

async function dataFolder(options: ServerProcessOptions): Promise<string> {
  if (options.dataDir !== undefined) return options.dataDir;
  return mkdtemp(join(tmpdir(), options.tempPrefix ?? 'residency-server-'));
}

function spawnServer(dataDir: string, options: ServerProcessOptions): ChildProcess {
  const flags = ['--data', dataDir, '--port', '0', ...(options.args ?? [])];
  return spawn(process.execPath, [...serverCommand(), ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnvironment(options.env),
    // Its own process group: Ctrl+C in a terminal signals the whole foreground group, and the
    // server takes a second signal as "exit now", which would cut short the graceful stop that
    // `stop` asks for. Only `stop` (or the caller's process ending) signals it.
    detached: true,
  });
}

/**
 * Starts `residency-server` on a free port of 127.0.0.1 and waits until it listens.
 *
 * @param options The data folder, more flags, time limits, a log sink and an abort signal.
 * @returns The running server: its URL, credentials, exit and `stop`.
 * @throws {Error} The server could not be spawned, exited before it was ready, was not ready in
 *   time, wrote no `credentials.json`, or the start was aborted; the message has the tail of the
 *   server's log, never a credential. The server is stopped and a temporary folder removed.
 */
export async function startServerProcess(
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const dataDir = await dataFolder(options);
  const credentialsPath = join(dataDir, CREDENTIALS_FILE_NAME);
  const before = await identityOf(credentialsPath);
  const child = spawnServer(dataDir, options);
  const server = watchProcess(
    child,
    options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
    options.onLog,
  );
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= server.stop().then(async () => {
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    });
    return stopping;
  };
  const abandon = () => void stop();
  options.signal?.addEventListener('abort', abandon, { once: true });
  try {
    if (options.signal?.aborted === true) abandon();
    const url = await listeningUrl(
      child,
      server,
      options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    );
    const credentials = await readFreshCredentials(credentialsPath, before, server.stderrTail());
    return {
      url,
      pid: child.pid as number,
      dataDir,
      credentials,
      credentialsPath,
      exited: server.exited,
      stop,
    };
  } catch (error) {
    await stop();
    if (options.signal?.aborted === true)
      throw new Error('the server start was aborted', { cause: error });
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abandon);
  }
}
