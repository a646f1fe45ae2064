import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// tools/check-deps.ts run as `pnpm lint` runs it, on small fake workspaces (`--root`): a demo app
// may import the server's launcher entry, `@residency/server/launch`, and nothing else of the
// server; the facade stays the only package whose code it may run in its own process.

const SCRIPT = join(import.meta.dirname, '..', 'check-deps.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A workspace with one app, `@residency/demo-node` as the repo declares it, importing these. */
function demoWorkspace(imports: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'check-deps-'));
  folders.push(root);
  const app = join(root, 'apps', 'demo-node');
  mkdirSync(join(app, 'src'), { recursive: true });
  const dependencies = { '@residency/sdk': 'workspace:*', '@residency/server': 'workspace:*' };
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: '@residency/demo-node', dependencies }),
  );
  const source = imports.map((specifier, index) => `import { x${index} } from '${specifier}';\n`);
  writeFileSync(join(app, 'src', 'main.ts'), source.join(''));
  return root;
}

function checkDeps(root: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, SCRIPT, '--root', root]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('check-deps: a facade-only app', () => {
  it('may import the facade and @residency/server/launch', async () => {
    const run = await checkDeps(demoWorkspace(['@residency/sdk', '@residency/server/launch']));
    expect(run).toEqual({
      code: 0,
      output: 'check-deps: every package follows the dependency table\n',
    });
  });

  it.each([
    '@residency/server',
    '@residency/server/package.json',
    '@residency/server/launcher',
    '@residency/storage',
  ])('may not import %s', async (specifier) => {
    const run = await checkDeps(demoWorkspace(['@residency/sdk', specifier]));
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `apps/demo-node/src/main.ts imports ${specifier}: this app uses the facade only`,
    );
  });
});
