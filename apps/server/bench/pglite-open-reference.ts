// The start bench's floor for the embedded backend, run as a child process by bench/startup.ts:
// PGlite alone opening a copy of the template (what every start of the server must at least
// do) and answering one statement; prints `{ "openMs", "rss" }` as one JSON line.
// Usage: node --conditions=@residency/source --import tsx bench/pglite-open-reference.ts <dir>

import { PGlite } from '@electric-sql/pglite';
import {
  copyPgliteTemplate,
  DEFAULT_TEMPLATE_CACHE,
  ensurePgliteTemplate,
} from '../src/store/pglite-template.ts';

const target = process.argv[2];
if (target === undefined) throw new Error('usage: pglite-open-reference.ts <new folder>');
const template = await ensurePgliteTemplate(DEFAULT_TEMPLATE_CACHE, () => undefined);
const started = performance.now();
await copyPgliteTemplate(template, target);
const database = await PGlite.create(target);
await database.query('SELECT 1');
const openMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ openMs, rss: process.memoryUsage().rss })}\n`);
await database.close();
