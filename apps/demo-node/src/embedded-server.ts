// Starts Residency's own storage server as a separate process on a temporary data folder and a
// free port, the way a developer runs it (`residency-server --data DIR --port 0`), and reads
// the connection details it writes to DIR/credentials.json once it listens. The demo talks to
// it over real HTTP with the facade only; nothing of the server is imported.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the server writes to `credentials.json`: the options the SDK needs. */
export interface ServerCredentials {
  readonly environmentId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly endpoint: string;
  readonly authEndpoint: string;
  readonly countriesEndpoint: string;
}

/** A running embedded server. */
export interface EmbeddedServer {
  readonly credentials: ServerCredentials;
  /** The server's data folder (one PGlite database in it, a schema per country). */
  readonly dataDir: string;
  /** Stops the server (SIGTERM, then waits for it to exit) and removes its data folder. */
  stop(): Promise<void>;
}

const STARTUP_LIMIT_MS = 60_000;
const POLL_MS = 50;

function serverCommand(dataDir: string): string[] {
  // Run the server from its sources, as the demo itself runs (style §5): no build needed. Node
  // with tsx as a loader, in one process: the tsx command would put a wrapper process (46 MiB)
  // around the server.
  const require = createRequire(import.meta.url);
  const serverDir = dirname(require.resolve('@residency/server/package.json'));
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const main = join(serverDir, 'src', 'main.ts');
  const loader = ['--conditions=@residency/source', '--import', tsx];
  return [...loader, main, '--data', dataDir, '--port', '0'];
}

async function readCredentials(path: string): Promise<ServerCredentials | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ServerCredentials;
  } catch {
    return null;
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitForCredentials(child: ChildProcess, dataDir: string, errors: () => string) {
  const path = join(dataDir, 'credentials.json');
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with code ${child.exitCode}:\n${errors()}`);
    }
    const credentials = await readCredentials(path);
    if (credentials) return credentials;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`the server did not start within ${STARTUP_LIMIT_MS / 1000} s:\n${errors()}`);
}

/**
 * Starts the embedded server and waits until it listens.
 *
 * @param onSpawned Called with the server's `stop` as soon as its process and data folder
 *   exist, before it listens: a signal during the start can still stop it and remove the folder.
 * @returns The running server, its credentials and a `stop` function (the same one; calling it
 *   again waits for the first call).
 * @throws Error when the server exits or does not start within a minute (with its stderr).
 */
export async function startEmbeddedServer(
  onSpawned: (stop: () => Promise<void>) => void = () => {},
): Promise<EmbeddedServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'residency-demo-'));
  // A process group of its own: a Ctrl-C on the terminal reaches the demo only, which stops the
  // server once (a second signal would make the server exit at once, mid-shutdown).
  const child = spawn(process.execPath, serverCommand(dataDir), {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
      await rm(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  onSpawned(stop);
  try {
    const credentials = await waitForCredentials(child, dataDir, () => stderr);
    return { credentials, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
