// Starts Residency's server as a separate process from its sources (tsx) on a temporary data
// folder and a free port, and reads DIR/credentials.json once it listens. The approach of
// apps/demo-node/src/embedded-server.ts, copied: the CLI imports nothing but the facade.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** What the server writes to `credentials.json`. */
export interface ServerCredentials {
  readonly environmentId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly endpoint: string;
  readonly authEndpoint: string;
  readonly countriesEndpoint: string;
}

/** A running server. */
export interface TestServer {
  readonly credentials: ServerCredentials;
  /** The path of its `credentials.json`, for `--credentials`. */
  readonly credentialsFile: string;
  /** Stops it (SIGTERM, then waits for the exit) and removes its data folder. */
  stop(): Promise<void>;
}

const STARTUP_LIMIT_MS = 120_000;
const POLL_MS = 100;

function serverCommand(dataDir: string): string[] {
  const require = createRequire(import.meta.url);
  const serverDir = dirname(require.resolve('@residency/server/package.json'));
  const tsx = require.resolve('tsx/cli');
  const main = join(serverDir, 'src', 'main.ts');
  return [tsx, '--conditions=@residency/source', main, '--data', dataDir, '--port', '0'];
}

async function readCredentials(path: string): Promise<ServerCredentials | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ServerCredentials;
  } catch {
    return null;
  }
}

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve));
}

async function waitForCredentials(child: ChildProcess, path: string, errors: () => string) {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${errors()}`);
    const credentials = await readCredentials(path);
    if (credentials) return credentials;
    // Polling a file the server writes once it listens; not a timing assumption.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`the server did not start:\n${errors()}`);
}

/**
 * Starts a server and waits until it listens.
 *
 * @returns The running server.
 */
export async function startServer(): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'residency-cli-'));
  const child = spawn(process.execPath, serverCommand(dataDir), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  const credentialsFile = join(dataDir, 'credentials.json');
  try {
    const credentials = await waitForCredentials(child, credentialsFile, () => stderr);
    return { credentials, credentialsFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
