// Builds the PGlite template in this process: run by `postinstall` (pnpm install) and, when the
// template is missing, as a child of the server (pglite-template.ts).
// Usage: pglite-template-main.ts [CACHE_DIR]  (default: apps/server/.pglite-template)

import { DEFAULT_TEMPLATE_CACHE } from './pglite-template.ts';
import { buildPgliteTemplate } from './pglite-template-build.ts';

const cacheDir = process.argv[2] ?? DEFAULT_TEMPLATE_CACHE;
try {
  const folder = await buildPgliteTemplate(cacheDir);
  process.stdout.write(`PGlite template ready in ${folder}\n`);
} catch (error) {
  process.stderr.write(`building the PGlite template failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
