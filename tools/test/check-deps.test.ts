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

/** A package of a fake workspace: its folder under the root, manifest and one source file. */
interface FakePackage {
  readonly dir: string;
  readonly manifest: Record<string, unknown>;
  readonly imports: readonly string[];
}

function workspace(packages: readonly FakePackage[]): string {
  const root = mkdtempSync(join(tmpdir(), 'check-deps-'));
  folders.push(root);
  for (const { dir, manifest, imports } of packages) {
    mkdirSync(join(root, dir, 'src'), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
    const source = imports.map((specifier, index) => `import { y${index} } from '${specifier}';\n`);
    writeFileSync(join(root, dir, 'src', 'index.ts'), source.join(''));
  }
  return root;
}

const STORAGE: FakePackage = {
  dir: 'packages/storage',
  manifest: {
    name: '@residency/storage',
    exports: { '.': './src/index.ts', './internal': './src/internal.ts' },
  },
  imports: [],
};

/** A package that declares storage and imports these specifiers of it. */
function importerOf(name: string, dir: string, imports: readonly string[]): FakePackage {
  return {
    dir,
    manifest: { name, dependencies: { '@residency/storage': 'workspace:*' } },
    imports,
  };
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

describe('check-deps: subpaths', () => {
  it('allows an exported subpath, and storage/internal to the packages layered on storage', async () => {
    const root = workspace([
      STORAGE,
      importerOf('@residency/attachments', 'packages/attachments', [
        '@residency/storage',
        '@residency/storage/internal',
      ]),
    ]);
    expect((await checkDeps(root)).code).toBe(0);
  });

  it('refuses a deep import of a path the package does not export', async () => {
    const root = workspace([
      STORAGE,
      importerOf('@residency/migrate', 'packages/migrate', ['@residency/storage/src/record.ts']),
    ]);
    const run = await checkDeps(root);
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      'packages/migrate/src/index.ts imports @residency/storage/src/record.ts: @residency/storage does not export ./src/record.ts',
    );
  });

  it('refuses storage/internal to a package it is not a seam for', async () => {
    const root = workspace([
      STORAGE,
      importerOf('@residency/server', 'apps/server', ['@residency/storage/internal']),
    ]);
    const run = await checkDeps(root);
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      'apps/server/src/index.ts imports @residency/storage/internal: a seam for @residency/attachments, @residency/migrate, @residency/sdk only',
    );
  });
});
