import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// tools/test-setup.sh run as a real process, with the paths it checks pointed at files that do
// not exist (the RESIDENCY_SETUP_* overrides), so the refusal path runs on a machine that has
// PostgreSQL and Chromium. As root it is run as `nobody` to be "not root".

const SCRIPT = join(import.meta.dirname, '..', 'test-setup.sh');
const folder = mkdtempSync(join(tmpdir(), 'test-setup-'));
chmodSync(folder, 0o755);
const missing = join(folder, 'missing');
// Stands in for apt-get where one must exist: it would leave a mark if the script called it.
const aptGet = join(folder, 'apt-get');
writeFileSync(aptGet, `#!/bin/sh\ntouch ${join(folder, 'apt-get-ran')}\n`, { mode: 0o755 });
const present = process.execPath;

afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the script with these overrides, as `nobody` when asked and the test runs as root. */
function runSetup(env: Record<string, string>, asNobody = false): Promise<Run> {
  const root = process.getuid?.() === 0;
  const [command, args] =
    asNobody && root ? ['runuser', ['-u', 'nobody', '--', 'bash', SCRIPT]] : ['bash', [SCRIPT]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('test-setup.sh', () => {
  it('without apt, stops at once with one line naming the command for both packages', async () => {
    const run = await runSetup({
      RESIDENCY_SETUP_POSTGRES: missing,
      RESIDENCY_SETUP_CHROMIUM: missing,
      RESIDENCY_SETUP_APT_GET: join(folder, 'no-apt-get'),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'tests need postgresql chromium: run  sudo apt-get install -y --no-install-recommends postgresql chromium  then run the tests again\n',
    );
  });

  it('when not root, names only what is missing and never calls apt-get', async () => {
    const run = await runSetup(
      {
        RESIDENCY_SETUP_POSTGRES: present,
        RESIDENCY_SETUP_CHROMIUM: missing,
        RESIDENCY_SETUP_APT_GET: aptGet,
      },
      true,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'tests need chromium: run  sudo apt-get install -y --no-install-recommends chromium  then run the tests again\n',
    );
    expect(run.stdout).toBe('');
    expect(existsSync(join(folder, 'apt-get-ran'))).toBe(false);
  });

  it('when not root and only PostgreSQL 15 is missing, names postgresql', async () => {
    const run = await runSetup(
      {
        RESIDENCY_SETUP_POSTGRES: missing,
        RESIDENCY_SETUP_CHROMIUM: present,
        RESIDENCY_SETUP_APT_GET: aptGet,
      },
      true,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'tests need postgresql: run  sudo apt-get install -y --no-install-recommends postgresql  then run the tests again\n',
    );
  });

  it('says nothing and exits 0 when both are there', async () => {
    const run = await runSetup(
      { RESIDENCY_SETUP_POSTGRES: present, RESIDENCY_SETUP_CHROMIUM: present },
      true,
    );
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
