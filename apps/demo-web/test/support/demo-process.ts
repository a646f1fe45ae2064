// Runs the demo as `pnpm dev` does (tsx from sources, src/backend/main.ts), on a free port and
// a data folder of the test's own, and stops it with SIGTERM as Ctrl+C would.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A running demo process. */
export interface DemoProcess {
  /** The page's URL. */
  readonly url: string;
  /** Sends SIGTERM and resolves with the exit code once the process (and so its server) ended. */
  stop(): Promise<number | null>;
}

const packageRoot = join(import.meta.dirname, '..', '..');

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function readyUrl(child: ChildProcess, exited: Promise<number | null>, stderr: () => string) {
  return new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const url = /^Residency web demo: (http:\/\/\S+)/.exec(line)?.[1];
      if (url !== undefined) resolve(url);
    });
    exited.then((code) => reject(new Error(`the demo exited with ${code}:\n${stderr()}`)));
  });
}

/**
 * Starts the demo's backend, which starts the storage server, and waits for its ready line.
 *
 * @param dataDir The storage server's data folder; the demo keeps it after exit.
 * @returns The running demo.
 * @throws {Error} The demo exited before it was ready (with its stderr).
 */
export async function startDemoProcess(dataDir: string): Promise<DemoProcess> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(
    process.execPath,
    [
      tsx,
      '--conditions=@residency/source',
      'src/backend/main.ts',
      '--port',
      '0',
      '--data',
      dataDir,
    ],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = exitOf(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const url = await readyUrl(child, exited, () => stderr);
  return {
    url,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
