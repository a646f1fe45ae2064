// `pnpm pack:sdk [--out DIR]`: installable tarballs of the facade `@residency/sdk` and every
// workspace package it depends on, for a project outside this repository until the packages
// are published. It builds them first (turbo; `dist` with types is what the tarballs ship), then
// `pnpm pack`s each one: pnpm rewrites `workspace:*` and `catalog:` to real versions, so npm,
// pnpm or yarn install the set like any registry packages. Prints the tarballs' paths.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
// `...` after the name selects it and its dependencies; `--filter-prod` follows only
// `dependencies`, so test helpers (devDependencies) are not packed.
const SELECTION = '@residency/sdk...';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
// Relative to where the user ran pnpm (INIT_CWD), as a command line argument is read.
const out = resolve(
  process.env.INIT_CWD ?? process.cwd(),
  values.out ?? join(ROOT, 'dist-packages'),
);

execFileSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', `--filter=${SELECTION}`, '--output-logs=errors-only'],
  { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
);
mkdirSync(out, { recursive: true });
// A tarball of ours left from an older version must not be installed with the new ones; only
// those go (`--out` may name a folder holding other files).
for (const name of readdirSync(out)) {
  if (/^residency-[a-z-]+-.+\.tgz$/.test(name)) rmSync(join(out, name));
}
execFileSync('pnpm', ['--filter-prod', SELECTION, 'pack', '--pack-destination', out], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const tarballs = readdirSync(out)
  .filter((name) => name.endsWith('.tgz'))
  .sort()
  .map((name) => join(out, name));
if (tarballs.length === 0) {
  process.stderr.write('pack:sdk: pnpm pack wrote no tarball\n');
  process.exit(1);
}
process.stdout.write(`${tarballs.join('\n')}\n`);
