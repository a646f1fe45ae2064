import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Each test builds a small pnpm workspace whose scripts are real commands (write a report, exit
// 1 at once, kill themselves), then runs the real runner on it: real turbo, real pnpm, real
// processes. No mocks: the line and the exit code come out of the same code `pnpm test` runs.

const TOOLS = join(import.meta.dirname, '..');
const TSX = join(TOOLS, '..', 'node_modules', '.bin', 'tsx');
const RUNNER = join(TOOLS, 'run-tests.ts');

/** Writes a vitest-shaped JSON report, then exits: `node ../../report.mjs file passed failed skipped exit`. */
const REPORT_SCRIPT = `import { writeFileSync } from 'node:fs';
const [file, passed, failed, skipped, exit] = process.argv.slice(2).map((arg, i) => (i === 0 ? arg : Number(arg)));
writeFileSync(file, JSON.stringify({ numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numTodoTests: 0, numFailedTestSuites: failed > 0 ? 1 : 0 }));
process.exit(exit);
`;

interface Workspace {
  /** Each package's scripts, by package folder name. */
  packages: Record<string, Record<string, string>>;
  lint?: string;
  setup?: string;
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A fake workspace on disk: root manifest, turbo.json, setup script, one folder per package. */
function createWorkspace(workspace: Workspace): string {
  const root = mkdtempSync(join(tmpdir(), 'run-tests-'));
  folders.push(root);
  const manifest = { name: 'fake', private: true, packageManager: 'pnpm@10.34.9' };
  const scripts = { lint: workspace.lint ?? 'echo lint ok' };
  writeFileSync(join(root, 'package.json'), JSON.stringify({ ...manifest, scripts }));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  const tasks = {
    typecheck: { cache: false },
    test: { outputs: ['test-results.json'], cache: false },
    'test:integration': { outputs: ['test-results.integration.json'], cache: false },
  };
  writeFileSync(join(root, 'turbo.json'), JSON.stringify({ tasks }));
  mkdirSync(join(root, 'tools'));
  writeFileSync(join(root, 'tools', 'test-setup.sh'), workspace.setup ?? 'exit 0\n');
  writeFileSync(join(root, 'report.mjs'), REPORT_SCRIPT);
  for (const [name, packageScripts] of Object.entries(workspace.packages)) {
    mkdirSync(join(root, 'packages', name), { recursive: true });
    const packageManifest = { name, private: true, scripts: packageScripts };
    writeFileSync(join(root, 'packages', name, 'package.json'), JSON.stringify(packageManifest));
  }
  return root;
}

/** A script that writes a report with these counts and exits with `exit`. */
function report(passed: number, failed: number, skipped = 0, exit = failed > 0 ? 1 : 0): string {
  return `node ../../report.mjs test-results.json ${passed} ${failed} ${skipped} ${exit}`;
}

/** Runs the runner on `root` as `pnpm test` does; resolves with its exit code and output. */
function runTests(
  root: string,
  ...args: string[]
): Promise<{ code: number | null; output: string; lastLine: string }> {
  // Variables an outer turbo or pnpm run sets (this suite runs inside `pnpm test`) stay out.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(TURBO_|npm_)/i.test(key)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [RUNNER, `--root=${root}`, ...args], { env });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lastLine = stdout.trimEnd().split('\n').at(-1) ?? '';
      resolve({ code, output, lastLine });
    });
  });
}

describe('run-tests', () => {
  it('ends an all-green run with 0 failed and exit 0', async () => {
    const root = createWorkspace({
      packages: {
        alpha: { typecheck: 'node -e ""', test: report(3, 0, 1) },
        beta: {
          test: report(2, 0),
          'test:integration': 'node ../../report.mjs test-results.integration.json 4 0 0 0',
        },
      },
    });
    const run = await runTests(root);
    expect(run.lastLine).toBe('tests: 9 passed, 0 failed, 1 skipped');
    expect(run.code).toBe(0);
    expect(run.output).toContain('lint ok');
  });

  it('counts a suite that never started, or was killed, as failed and names it', async () => {
    const root = createWorkspace({
      packages: {
        alpha: { test: report(2, 0) },
        dead: { test: 'exit 1' },
        killed: { test: 'kill -9 $$' },
      },
    });
    // An earlier run's report: removed before the run, so its 1000 passes never count.
    const stale = join(root, 'packages', 'dead', 'test-results.json');
    const counts = { numPassedTests: 1000, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
    writeFileSync(stale, JSON.stringify(counts));
    const run = await runTests(root);
    expect(run.lastLine).toBe(
      'tests: 2 passed, 2 failed (dead: did not start (exit 1), killed: crashed (exit 137)), 0 skipped',
    );
    expect(run.code).toBe(1);
    expect(existsSync(stale)).toBe(false);
  });

  it('counts failed tests, and names a failed typecheck and a failed lint', async () => {
    const root = createWorkspace({
      packages: {
        alpha: { test: report(5, 2) },
        beta: { typecheck: 'exit 2', test: report(1, 0) },
      },
      lint: 'echo lint found a problem; exit 1',
    });
    const run = await runTests(root);
    expect(run.lastLine).toBe(
      'tests: 6 passed, 4 failed (beta: typecheck failed (exit 2), lint failed (exit 1)), 0 skipped',
    );
    expect(run.code).toBe(1);
    expect(run.output).toContain('lint found a problem');
  });

  it('names a suite stopped at the time limit', async () => {
    const root = createWorkspace({
      packages: { alpha: { test: report(1, 0) }, hang: { test: 'sleep 120' } },
    });
    // Long enough for alpha's suite to finish on a busy machine; hang's never does.
    const run = await runTests(root, '--timeout=12');
    expect(run.lastLine).toBe(
      'tests: 1 passed, 2 failed (hang: timed out, turbo timed out), 0 skipped',
    );
    expect(run.code).toBe(1);
  });

  it('stops at once when the set-up fails, with a failed line', async () => {
    const root = createWorkspace({
      packages: { alpha: { test: `touch ran && ${report(1, 0)}` } },
      setup: 'echo "tests need chromium: run  sudo apt-get install -y chromium" >&2; exit 1\n',
    });
    const run = await runTests(root);
    expect(run.lastLine).toBe('tests: 0 passed, 1 failed (setup failed (exit 1)), 0 skipped');
    expect(run.code).toBe(1);
    expect(run.output).toContain('tests need chromium');
    expect(existsSync(join(root, 'packages', 'alpha', 'ran'))).toBe(false);
  });

  it('ends in a failed line when the runner itself fails', async () => {
    const root = createWorkspace({ packages: { alpha: { test: report(1, 0) } } });
    // Without its workspace manifest the runner cannot find the packages' old reports.
    rmSync(join(root, 'pnpm-workspace.yaml'));
    const run = await runTests(root);
    expect(run.lastLine).toBe('tests: 0 passed, 1 failed (runner failed (exit 1)), 0 skipped');
    expect(run.code).toBe(1);
  });
});
