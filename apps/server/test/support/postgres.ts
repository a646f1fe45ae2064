// A throw-away PostgreSQL 15 cluster for tests and benches: Debian's binaries, a temp folder, a
// free port on 127.0.0.1, a private socket folder. For tests fsync is off: this data never needs
// to survive a crash of the machine (never do this outside tests); benches turn it back on.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const BIN_DIR = '/usr/lib/postgresql/15/bin';
const READY_LINE = 'database system is ready to accept connections';
const START_ATTEMPTS = 3;
const execFileAsync = promisify(execFile);

/** A running cluster. */
export interface RunningPostgres {
  /**
   * @param database A database name.
   * @returns The URL of that database (superuser `postgres`, no password).
   */
  url(database: string): string;
  /**
   * Creates a database.
   * @param name Lowercase letters, digits and `_`.
   * @returns When created.
   */
  createDatabase(name: string): Promise<void>;
  /**
   * Stops the server and removes its folder.
   * @returns When stopped and removed.
   */
  stop(): Promise<void>;
}

/** How to start a cluster. */
export interface StartPostgresOptions {
  /** Flush to disk as production does (fsync, synchronous commit); off by default (tests). */
  readonly durable?: boolean | undefined;
  /** More `name=value` server settings (e.g. `shared_buffers=1GB` for a bench). */
  readonly settings?: readonly string[] | undefined;
}

/**
 * Starts a PostgreSQL 15 cluster; as root, through `runuser -u postgres` (PostgreSQL refuses to
 * run as root).
 * @param options Durability.
 * @returns The running cluster, accepting connections.
 * @throws Error telling to `apt-get install postgresql` when the binaries are missing, or with
 *   the server's log when it does not start.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  await checkBinaries();
  const base = await mkdtemp(join(tmpdir(), 'residency-pg-'));
  const owner = await clusterOwner();
  const dataDir = join(base, 'data');
  const socketDir = join(base, 'socket');
  await mkdir(socketDir);
  if (owner !== null) {
    await chown(base, owner.uid, owner.gid);
    await chown(socketDir, owner.uid, owner.gid);
  }
  const initdb = [`${BIN_DIR}/initdb`, '-D', dataDir, '-U', 'postgres', '--auth=trust'];
  await execFileAsync(...asOwner(owner, [...initdb, '-E', 'UTF8', '--locale=C', '--no-sync']));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const server = await startServer(owner, dataDir, socketDir, port, options);
      return runningPostgres(server, base, dataDir, port);
    } catch (error) {
      // Another process may have taken the port between our probe and the server's bind.
      if (attempt >= START_ATTEMPTS) {
        await rm(base, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/**
 * The databases of a cluster that another process started (vitest's global setup): URLs and
 * database creation, without `stop`.
 * @param adminUrl The URL of the cluster's `postgres` database.
 * @returns The cluster's URL builder and database creation.
 */
export function attachPostgres(adminUrl: string): Omit<RunningPostgres, 'stop'> {
  const url = (database: string): string => {
    const address = new URL(adminUrl);
    address.pathname = `/${database}`;
    return address.toString();
  };
  return {
    url,
    async createDatabase(name) {
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error('database names are [a-z0-9_]+');
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
    },
  };
}

async function checkBinaries(): Promise<void> {
  try {
    await execFileAsync(`${BIN_DIR}/postgres`, ['--version']);
  } catch {
    throw new Error(
      `PostgreSQL 15 was not found in ${BIN_DIR}: install it with \`apt-get install postgresql\` ` +
        '(Debian 12) to run the PostgreSQL tests.',
    );
  }
}

async function clusterOwner(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const uid = await execFileAsync('id', ['-u', 'postgres']);
  const gid = await execFileAsync('id', ['-g', 'postgres']);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function asOwner(owner: unknown, command: string[]): [string, string[]] {
  const [file, ...args] = command as [string, ...string[]];
  return owner === null ? [file, args] : ['runuser', ['-u', 'postgres', '--', file, ...args]];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function startServer(
  owner: unknown,
  dataDir: string,
  socketDir: string,
  port: number,
  options: StartPostgresOptions,
): Promise<ChildProcess> {
  const settings = ['listen_addresses=127.0.0.1', ...(options.settings ?? [])];
  if (options.durable !== true) settings.push('fsync=off', 'synchronous_commit=off');
  const args = ['-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'max_connections=300'];
  for (const setting of settings) args.push('-c', setting);
  const [file, fileArgs] = asOwner(owner, [`${BIN_DIR}/postgres`, ...args]);
  const server = spawn(file, fileArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    server.stderr?.setEncoding('utf8');
    server.stderr?.on('data', (text: string) => {
      log = (log + text).slice(-8000);
      if (log.includes(READY_LINE)) {
        // Keep draining the log, or the server blocks once the pipe fills.
        server.stderr?.removeAllListeners('data').resume();
        resolve(server);
      }
    });
    server.once('exit', (code) => reject(new Error(`postgres exited (${code}) at start:\n${log}`)));
    server.once('error', reject);
  });
}

function runningPostgres(
  server: ChildProcess,
  base: string,
  dataDir: string,
  port: number,
): RunningPostgres {
  const attached = attachPostgres(`postgres://postgres@127.0.0.1:${port}/postgres`);
  let stopping: Promise<void> | undefined;
  return {
    ...attached,
    stop() {
      stopping ??= stopServer(server, base, dataDir);
      return stopping;
    },
  };
}

async function stopServer(server: ChildProcess, base: string, dataDir: string): Promise<void> {
  const exited = new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) resolve(undefined);
    else server.once('exit', resolve);
  });
  // Signal postgres itself (its pid is the pid file's first line), not runuser, which would
  // wait seconds before passing the signal on: SIGINT is PostgreSQL's fast shutdown.
  try {
    const pidFile = await readFile(join(dataDir, 'postmaster.pid'), 'utf8');
    process.kill(Number(pidFile.split('\n')[0]), 'SIGINT');
  } catch {
    server.kill('SIGKILL');
  }
  await exited;
  await rm(base, { recursive: true, force: true });
}
