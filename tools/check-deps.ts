// Fails when a workspace package breaks the dependency table of docs/style.md §3: a
// `@residency/*` dependency that points sideways or up, or a source file that imports a
// package its package.json does not declare, or a subpath the imported package does not export
// (a deep import) or keeps for named packages only. Run by `pnpm lint`; `--root DIR` checks the
// workspace in DIR instead of this repository (the tests' small fake workspaces).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

/** Which `@residency/*` packages each package may depend on (arrows point down only). */
const ALLOWED: Record<string, readonly string[]> = {
  '@residency/errors': [],
  '@residency/protocol': ['@residency/errors'],
  '@residency/crypto': ['@residency/errors'],
  '@residency/secrets': ['@residency/errors', '@residency/crypto'],
  '@residency/transport': ['@residency/errors', '@residency/protocol'],
  '@residency/storage': [
    '@residency/errors',
    '@residency/protocol',
    '@residency/crypto',
    '@residency/secrets',
    '@residency/transport',
  ],
  '@residency/attachments': [
    '@residency/errors',
    '@residency/protocol',
    '@residency/crypto',
    '@residency/secrets',
    '@residency/transport',
    '@residency/storage',
  ],
  '@residency/migrate': [
    '@residency/errors',
    '@residency/protocol',
    '@residency/crypto',
    '@residency/secrets',
    '@residency/transport',
    '@residency/storage',
  ],
  '@residency/sdk': [
    '@residency/errors',
    '@residency/protocol',
    '@residency/crypto',
    '@residency/secrets',
    '@residency/transport',
    '@residency/storage',
    '@residency/attachments',
    '@residency/migrate',
  ],
  '@residency/testing': ['@residency/errors', '@residency/protocol'],
  '@residency/server': ['@residency/protocol'],
  '@residency/cli': ['@residency/sdk'],
  '@residency/demo-node': ['@residency/sdk'],
  '@residency/demo-web': ['@residency/sdk'],
};

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}

const TESTING = '@residency/testing';
const SDK = '@residency/sdk';

/**
 * Dev-only edges the table allows: the server's integration tests drive the facade over real
 * HTTP, so `apps/server` lists `@residency/sdk` as a devDependency (style §7); they compute
 * expected key hashes with `@residency/crypto`, and its benches encode records with
 * `@residency/storage`'s codec. Its `src/` imports none of them (checked below).
 */
const DEV_ALLOWED: Record<string, readonly string[]> = {
  '@residency/server': ['@residency/sdk', '@residency/crypto', '@residency/storage'],
  '@residency/cli': ['@residency/server'],
};

/**
 * Apps that are proof the facade is all an application needs: their code imports no
 * `@residency/*` package but `@residency/sdk` (and its subpaths), and the server's launcher
 * entry, `@residency/server/launch`, exactly: it runs the `residency-server` binary as a
 * separate process, so nothing of the server runs in theirs. Hence the dependency on the server
 * package, which the demos declare for their runtime.
 */
const FACADE_ONLY = new Set(['@residency/cli', '@residency/demo-node', '@residency/demo-web']);
const LAUNCHER = '@residency/server/launch';
const BIN_ONLY: Record<string, readonly string[]> = {
  '@residency/demo-node': ['@residency/server'],
  '@residency/demo-web': ['@residency/server'],
};

/**
 * Subpaths that are seams for named packages only: `@residency/storage/internal` is the
 * lower-level API the packages layered on storage build on (its README says so); the facade
 * composes them over one context of it. Applications and the packages below never import it.
 */
const RESTRICTED_SUBPATHS: Record<string, readonly string[]> = {
  '@residency/storage/internal': ['@residency/attachments', '@residency/migrate', '@residency/sdk'],
};

/** The workspace to check: `--root DIR`, else this repository. */
function workspaceRoot(args: readonly string[]): string {
  const index = args.indexOf('--root');
  const dir = index === -1 ? undefined : args[index + 1];
  if (index !== -1 && dir === undefined) throw new Error('check-deps: --root needs a folder');
  return dir ?? join(import.meta.dirname, '..');
}

const root = workspaceRoot(process.argv.slice(2));
const problems: string[] = [];
const builtins = new Set(builtinModules);

function workspaceDirs(): string[] {
  return ['packages', 'apps'].flatMap((group) => {
    const dir = join(root, group);
    try {
      return readdirSync(dir)
        .map((name) => join(dir, name))
        .filter((path) => statSync(join(path, 'package.json'), { throwIfNoEntry: false }));
    } catch {
      return [];
    }
  });
}

function sourceFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !/[/\\](node_modules|dist|fixtures)[/\\]/.test(path));
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or null. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
    return null;
  }
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return name && !builtins.has(name) ? name : null;
}

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

/** The subpaths (`./x`) each workspace package exports, by package name. */
function exportedSubpaths(dirs: readonly string[]): Map<string, ReadonlySet<string>> {
  const exported = new Map<string, ReadonlySet<string>>();
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    exported.set(manifest.name, new Set(Object.keys(manifest.exports ?? {})));
  }
  return exported;
}

/** What is wrong with importing `specifier` of workspace package `name` from `importer`. */
function subpathProblem(
  importer: string,
  name: string,
  specifier: string,
  exported: ReadonlyMap<string, ReadonlySet<string>>,
): string | undefined {
  const subpaths = exported.get(name);
  if (subpaths === undefined || specifier === name) return undefined;
  const subpath = `.${specifier.slice(name.length)}`;
  if (!subpaths.has(subpath)) {
    return `imports ${specifier}: ${name} does not export ${subpath} (no deep imports; its package.json exports are its surface)`;
  }
  const allowedImporters = RESTRICTED_SUBPATHS[specifier];
  if (allowedImporters !== undefined && !allowedImporters.includes(importer)) {
    return `imports ${specifier}: a seam for ${allowedImporters.join(', ')} only`;
  }
  return undefined;
}

function checkPackage(dir: string, exported: ReadonlyMap<string, ReadonlySet<string>>): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const allowed = ALLOWED[manifest.name];
  if (!allowed) {
    problems.push(`${manifest.name}: not in tools/check-deps.ts ALLOWED; add its row`);
    return;
  }
  const runtime = { ...manifest.dependencies, ...manifest.peerDependencies };
  const all = { ...runtime, ...manifest.optionalDependencies, ...manifest.devDependencies };
  for (const name of Object.keys({ ...runtime, ...manifest.devDependencies })) {
    // The private test-helper package may serve any package's tests, never its runtime.
    const devOnly = !(name in runtime);
    const devOnlyHelper =
      devOnly && (name === TESTING || (DEV_ALLOWED[manifest.name] ?? []).includes(name));
    const binOnly = (BIN_ONLY[manifest.name] ?? []).includes(name);
    if (name.startsWith('@residency/') && !allowed.includes(name) && !devOnlyHelper && !binOnly) {
      problems.push(`${manifest.name} depends on ${name}: arrows point down only (style §3)`);
    }
  }
  for (const file of sourceFiles(dir)) {
    const inSrc = relative(dir, file).startsWith('src');
    for (const specifier of importsOf(file)) {
      const name = packageOf(specifier);
      if (!name || name === manifest.name) continue;
      const facadeOrLauncher = name === SDK || specifier === LAUNCHER;
      if (FACADE_ONLY.has(manifest.name) && name.startsWith('@residency/') && !facadeOrLauncher) {
        problems.push(
          `${relative(root, file)} imports ${specifier}: this app uses the facade only (and ${LAUNCHER})`,
        );
      }
      const subpath = subpathProblem(manifest.name, name, specifier, exported);
      if (subpath !== undefined) problems.push(`${relative(root, file)} ${subpath}`);
      const declared = inSrc
        ? name in runtime || name in (manifest.optionalDependencies ?? {})
        : name in all;
      if (!declared) problems.push(`${relative(root, file)} imports ${name}, not declared`);
    }
  }
}

const dirs = workspaceDirs();
const exported = exportedSubpaths(dirs);
for (const dir of dirs) checkPackage(dir, exported);
if (problems.length > 0) {
  console.error(`check-deps: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('check-deps: every package follows the dependency table');
