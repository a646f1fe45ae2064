// Starts Residency's storage server as a separate process, from its sources, the way a developer
// runs it (`residency-server --data DIR --port 0`), and reads the connection details it writes
// to DIR/credentials.json. Nothing of the server is imported: the demo only runs its binary.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** What the server writes to `credentials.json` once it listens. */
export interface ServerCredentials {
  readonly environmentId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly endpoint: string;
  readonly authEndpoint: string;
  readonly countriesEndpoint: string;
}

/** Options of `startEmbeddedServer`. */
export interface EmbeddedServerOptions {
  /** The data folder; one PGlite database per country is created below it. */
  readonly dataDir: string;
  /** Origins the server answers CORS requests from: the page's own. */
  readonly corsOrigins: readonly string[];
  /** How long the server's access tokens live, in seconds. */
  readonly tokenTtlSeconds: number;
  /** Receives the server's log (stderr), which never holds a secret; default: kept quiet. */
  readonly onLog?: ((text: string) => void) | undefined;
  /** Abandons the start: the server is stopped and `startEmbeddedServer` rejects. */
  readonly signal?: AbortSignal | undefined;
}

/** A running embedded server. */
export interface EmbeddedServer {
  readonly credentials: ServerCredentials;
  /** Settles with the exit code when the process ends, whoever ended it. */
  readonly exited: Promise<number | null>;
  /** Stops the server (SIGTERM; SIGKILL after 30 s) and resolves once its process has exited. */
  stop(): Promise<void>;
}

/** A generous limit: tsx compiles the server's sources first, slow on a small machine. */
const STARTUP_LIMIT_MS = 120_000;
/** How long a graceful stop may take before the server is killed. */
const STOP_LIMIT_MS = 30_000;
/** How much of the server's stderr to keep for an error message. */
const STDERR_TAIL_CHARS = 4_000;

function serverArguments(options: EmbeddedServerOptions): string[] {
  // From sources, as the demo itself runs (house style §5): no build of the server needed.
  const require = createRequire(import.meta.url);
  const serverDir = join(require.resolve('@residency/server/package.json'), '..');
  const tsx = require.resolve('tsx/cli');
  const main = join(serverDir, 'src', 'main.ts');
  const cors = options.corsOrigins.flatMap((origin) => ['--cors-origin', origin]);
  return [
    tsx,
    '--conditions=@residency/source',
    main,
    ...['--data', options.dataDir, '--port', '0', '--host', '127.0.0.1'],
    ...['--token-ttl', String(options.tokenTtlSeconds)],
    ...cors,
  ];
}

/** The parent's environment without `RESIDENCY_*`, so a developer's settings (a PostgreSQL URL,
 * another data folder) cannot redirect the demo's server: its data must stay in `dataDir`. */
function serverEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('RESIDENCY_')),
  );
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    // A process that could not be spawned never emits `exit`.
    child.once('error', () => resolve(child.exitCode));
  });
}

/** Resolves on the server's `listening on …` line (printed after credentials.json is written). */
function listening(child: ChildProcess, exited: Promise<number | null>, stderr: () => string) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`the server did not start within ${STARTUP_LIMIT_MS / 1000} s\n${stderr()}`),
      );
    }, STARTUP_LIMIT_MS);
    // stdout also carries the first-run banner with the client secret: read, never echoed.
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (!line.startsWith('listening on ')) return;
      clearTimeout(timer);
      lines.close();
      child.stdout?.resume();
      resolve();
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} while starting\n${stderr()}`));
    });
  });
}

async function readCredentials(dataDir: string): Promise<ServerCredentials> {
  const text = await readFile(join(dataDir, 'credentials.json'), 'utf8');
  return JSON.parse(text) as ServerCredentials;
}

/** A spawned server process, watched: its exit, the tail of its stderr, and a bounded stop. */
interface WatchedProcess {
  readonly exited: Promise<number | null>;
  stderr(): string;
  stop(): Promise<void>;
}

function watchProcess(child: ChildProcess, onLog: ((text: string) => void) | undefined) {
  const exited = exitOf(child);
  // If this process ends without stopping the server (a crash), take the server along.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  exited.then(() => process.off('exit', killOnExit));
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_CHARS);
    onLog?.(text);
  });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // A server that hangs while closing is killed, so stopping always ends.
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
      await exited;
      clearTimeout(kill);
    })();
    return stopped;
  };
  return { exited, stderr: () => stderr, stop } satisfies WatchedProcess;
}

/**
 * Starts the storage server on a free port of 127.0.0.1 and waits until it listens.
 *
 * @param options The data folder, the CORS origins, the token lifetime, a log sink and an abort
 *   signal.
 * @returns The running server: its credentials, its exit, and `stop`.
 * @throws {Error} The server exited, did not start within two minutes (with its stderr), or the
 *   start was aborted.
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const child = spawn(process.execPath, serverArguments(options), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnvironment(),
    // Its own process group: Ctrl+C in a terminal signals the whole foreground group, and the
    // server takes a second signal as "exit now", which would cut short the graceful stop that
    // `stop` asks for. Only `stop` (or this process ending) signals it.
    detached: true,
  });
  const server = watchProcess(child, options.onLog);
  // Stopping makes `listening` reject, as any exit during the start does.
  const abandon = () => void server.stop();
  options.signal?.addEventListener('abort', abandon, { once: true });
  try {
    if (options.signal?.aborted === true) abandon();
    await listening(child, server.exited, server.stderr);
    const credentials = await readCredentials(options.dataDir);
    return { credentials, exited: server.exited, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abandon);
  }
}
