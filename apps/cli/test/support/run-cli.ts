// Runs the built `residency` binary as a subprocess, as an operator would.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'residency.js');

/** What a run printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Buffer;
}

/**
 * Runs `node bin/residency.js …args` with only the given environment variables (plus PATH),
 * so the developer's own `INC_*` variables never leak into a test.
 *
 * @param args The arguments.
 * @param environment Extra environment variables.
 * @param cwd The folder to run in (a download without `--out` saves there).
 * @returns Exit code and output.
 */
export function runCli(
  args: readonly string[],
  environment: { readonly [name: string]: string } = {},
  cwd?: string,
): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
    env: { PATH: process.env.PATH ?? '', ...environment },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const stdoutBytes = Buffer.concat(stdout);
      resolve({
        code,
        stdout: stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        stdoutBytes,
      });
    });
  });
}

/** A temporary folder for secret files and downloads, removed by `remove`. */
export interface Scratch {
  readonly dir: string;
  /** Writes a file in the folder and returns its path. */
  file(name: string, content: string | Uint8Array): Promise<string>;
  remove(): Promise<void>;
}

/** Creates a scratch folder. */
export async function createScratch(): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), 'residency-cli-scratch-'));
  return {
    dir,
    async file(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
