// The demo stopped by a signal once its server is up (Ctrl-C is SIGINT; a process manager sends
// SIGTERM) stops the server process and removes the server's data folder before it exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { processesMentioning } from './support/processes.ts';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const root = join(import.meta.dirname, '..');
const SERVER_UP = /listening on \S+, data in (\S+)/;

/** The demo as `pnpm demo` runs it: one Node process with tsx as a loader. */
function startDemo(): ChildProcess {
  return spawn(
    process.execPath,
    ['--conditions=@residency/source', '--import', tsx, 'src/main.ts'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Resolves with the server's data folder once the demo prints that its server listens. */
function serverUp(demo: ChildProcess): Promise<string> {
  let output = '';
  let errors = '';
  demo.stderr?.setEncoding('utf8').on('data', (text: string) => {
    errors += text;
  });
  return new Promise((resolve, reject) => {
    demo.stdout?.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      const match = SERVER_UP.exec(output);
      if (match !== null) resolve(match[1] as string);
    });
    demo.once('exit', (code) => reject(new Error(`the demo exited (${code}) early:\n${errors}`)));
  });
}

function exitCode(demo: ChildProcess): Promise<number | null> {
  if (demo.exitCode !== null || demo.signalCode !== null) return Promise.resolve(demo.exitCode);
  return new Promise((resolve) => demo.once('exit', (code) => resolve(code)));
}

let demo: ChildProcess | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  // A failed assertion must not leave the demo, its server or the data folder behind.
  if (demo !== undefined && demo.exitCode === null && demo.signalCode === null) {
    demo.kill('SIGKILL');
    await exitCode(demo);
  }
  if (dataDir === undefined) return;
  for (const pid of processesMentioning(dataDir)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('pnpm demo stopped by a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: the server process is gone and its data folder removed',
    async (signal, code) => {
      demo = startDemo();
      dataDir = await serverUp(demo);
      expect(dataDir).toMatch(/residency-demo-/);
      expect(existsSync(dataDir)).toBe(true);
      expect(processesMentioning(dataDir)).toHaveLength(1);

      demo.kill(signal);
      expect(await exitCode(demo)).toBe(code);
      expect(processesMentioning(dataDir)).toEqual([]);
      expect(existsSync(dataDir)).toBe(false);
    },
  );
});
