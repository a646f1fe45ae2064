// The root scripts `pnpm residency …` and `pnpm residency-server …` run the CLI and the server
// from sources, with relative paths resolved against the folder the user ran pnpm from (not
// the repository root, not the app's folder): a data folder, a credentials file, an uploaded
// file and a download target, all given as `./…` from a folder outside the repository.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const LISTENING = /^listening on (\S+)$/m;
const POLL_MS = 100;
const STOP_LIMIT_MS = 60_000;

/** The environment without the developer's own INC_* / RESIDENCY_* settings. */
function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([name]) => !name.startsWith('INC_') && !name.startsWith('RESIDENCY_'),
  );
  return { ...Object.fromEntries(kept), ...extra };
}

/** `pnpm --dir ROOT <script> …args` from `cwd`, in a process group of its own (for the stop). */
function rootScript(script: string, args: readonly string[], cwd: string): ChildProcess {
  return spawn('pnpm', ['--silent', '--dir', ROOT, script, ...args], {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cleanEnvironment({ INC_SECRET: 'root script secret' }),
  });
}

function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`exit ${code}:\n${stderr}`));
      else resolve({ code, stdout });
    });
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole group (pnpm, node), then waits until no process of it is left. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid as number;
  if (!groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  const deadline = Date.now() + STOP_LIMIT_MS;
  // Polling for the processes to be gone; not a timing assumption.
  while (groupAlive(pgid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
}

let scratch: string;
let server: ChildProcess | undefined;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'residency-root-scripts-'));
});

afterAll(async () => {
  if (server !== undefined) await stopGroup(server);
  await rm(scratch, { recursive: true, force: true });
});

describe('root scripts, run from a folder outside the repository', () => {
  it('pnpm residency-server --data ./data makes the data folder where pnpm was run', async () => {
    server = rootScript('residency-server', ['--data', './data', '--port', '0'], scratch);
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      server?.stdout?.setEncoding('utf8').on('data', (text: string) => {
        output += text;
        const match = LISTENING.exec(output);
        if (match !== null) resolve(match[1] as string);
      });
      server?.stderr?.resume();
      server?.once('exit', (code) => reject(new Error(`server exited (${code}) early`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const credentials = JSON.parse(
      await readFile(join(scratch, 'data', 'credentials.json'), 'utf8'),
    );
    expect(credentials.endpoint).toBe(url);
  });

  it('pnpm residency reads --credentials, uploads and downloads with paths relative to there', async () => {
    const connection = ['--credentials', './data/credentials.json', '--json'];
    await finished(
      rootScript('residency', ['write', 'de', 'user-1', '--body', 'hello', ...connection], scratch),
    );
    await writeFile(join(scratch, 'note.txt'), 'a note from the root script test');
    const attached = await finished(
      rootScript('residency', ['attach', 'de', 'user-1', './note.txt', ...connection], scratch),
    );
    const { fileId } = JSON.parse(attached.stdout).attachmentMeta;
    await finished(
      rootScript(
        'residency',
        ['download', 'de', 'user-1', fileId, '--out', './copy.txt', ...connection],
        scratch,
      ),
    );
    expect(await readFile(join(scratch, 'copy.txt'), 'utf8')).toBe(
      'a note from the root script test',
    );
    const read = await finished(
      rootScript('residency', ['read', 'de', 'user-1', ...connection], scratch),
    );
    expect(JSON.parse(read.stdout).record).toMatchObject({ recordKey: 'user-1', body: 'hello' });
  });

  it('nothing was written into the repository or the app folders', async () => {
    for (const folder of [ROOT, join(ROOT, 'apps', 'cli'), join(ROOT, 'apps', 'server')]) {
      await expect(stat(join(folder, 'data'))).rejects.toThrow();
      await expect(stat(join(folder, 'copy.txt'))).rejects.toThrow();
    }
  });
});
