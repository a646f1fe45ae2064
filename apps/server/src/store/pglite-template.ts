// Where the PGlite template lives and how a data folder gets its copy. The template is a PGlite
// database folder after initdb, with the store's tables in a few spare schemas, built by the
// install step (`postinstall` of this package) or, when missing, by a child process: never by
// the server process itself (pglite-template-build.ts says why). It is cached per PGlite and
// schema version in `apps/server/.pglite-template/` (gitignored).
//
// Copying the 42 MB folder takes 0.1-0.3 s; PGlite's own tarball load (`loadDataDir`) of the
// same database took 2.4 s and +290 MB here, a fresh `PGlite.create` 6-8 s and +700 MB.

import { spawn } from 'node:child_process';
import { constants, copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_MIGRATIONS } from './schema.ts';

/** The template cache of this package: `apps/server/.pglite-template/`. */
export const DEFAULT_TEMPLATE_CACHE: string = fileURLToPath(
  new URL('../../.pglite-template', import.meta.url),
);

/**
 * How many spare schemas, tables and all, the template holds: the default served countries'
 * number. A country takes one by a rename (1 ms); past them, a country's tables are created
 * (0.1-0.3 s each, more for the first).
 */
export const SPARE_SCHEMAS = 6;

/** The file that marks a complete template (written last, before the rename into place). */
export const TEMPLATE_MARKER = 'residency-template.json';

/**
 * Settings appended to the template's postgresql.conf, so every data folder gets them. PGlite's
 * WASM memory only grows: a smaller buffer pool (128 MB by default) keeps the server's resident
 * size down, and the operating system's page cache still holds the files.
 */
export const PGLITE_TUNING: string = `
# Residency (apps/server/src/store/pglite-template.ts): one embedded server process.
shared_buffers = 32MB
maintenance_work_mem = 16MB
`;

// Bump when what the template holds changes in a way its name does not show.
const TEMPLATE_FORMAT = 1;

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The name of the template folder for this code: the PGlite version (its data folders are not
 * portable across versions), the schema version and the spare count.
 * @returns A folder name, e.g. `t1-pglite-0.5.16-schema-2-spares-6`.
 */
export async function templateFolderName(): Promise<string> {
  const wasm = createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm');
  const manifest = JSON.parse(
    await readFile(join(dirname(dirname(wasm)), 'package.json'), 'utf8'),
  ) as { version: string };
  const schema = SCHEMA_MIGRATIONS.at(-1)?.version ?? 0;
  return `t${TEMPLATE_FORMAT}-pglite-${manifest.version}-schema-${schema}-spares-${SPARE_SCHEMAS}`;
}

/**
 * Tells whether a folder is a complete template.
 * @param folder The folder.
 * @returns True when it holds the marker written last.
 */
export async function isPgliteTemplate(folder: string): Promise<boolean> {
  try {
    return (await stat(join(folder, TEMPLATE_MARKER))).isFile();
  } catch {
    return false;
  }
}

/**
 * The template's folder, built first by a child process when the cache lacks it.
 * @param cacheDir The template cache.
 * @param log Told, in one line, when the template has to be built (seconds).
 * @returns The template's folder.
 * @throws Error with the child's last error line when the build fails.
 */
export async function ensurePgliteTemplate(
  cacheDir: string,
  log: (line: string) => void,
): Promise<string> {
  const folder = join(cacheDir, await templateFolderName());
  if (await isPgliteTemplate(folder)) return folder;
  log(`building the PGlite template in ${folder} in a child process (once, a few seconds)`);
  await runBuildChild(cacheDir);
  if (!(await isPgliteTemplate(folder))) throw new Error(`no PGlite template in ${folder}`);
  return folder;
}

function runBuildChild(cacheDir: string): Promise<void> {
  // From sources (tsx, vitest) the child needs tsx too; built, the sibling .js runs as it is.
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(
    new URL(`./pglite-template-main.${fromSources ? 'ts' : 'js'}`, import.meta.url),
  );
  const loader = fromSources ? ['--conditions=@residency/source', '--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, entry, cacheDir], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errorOutput = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    errorOutput = (errorOutput + text).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve();
      const last = errorOutput.trim().split('\n').at(-1) ?? '';
      reject(new Error(`building the PGlite template failed (${signal ?? code}): ${last}`));
    });
  });
}

/**
 * Copies a template into a new database folder, owner-only (folders 0700, files 0600). Copies
 * share blocks with the template where the file system can (reflinks).
 * @param template The template's folder.
 * @param target The new folder; must not exist.
 * @returns When copied.
 * @throws The file system's error.
 */
export async function copyPgliteTemplate(template: string, target: string): Promise<void> {
  await mkdir(target, { mode: 0o700 });
  const entries = await readdir(template, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const from = join(template, entry.name);
      const to = join(target, entry.name);
      if (entry.isDirectory()) return copyPgliteTemplate(from, to);
      await copyFile(from, to, constants.COPYFILE_FICLONE);
    }),
  );
}
