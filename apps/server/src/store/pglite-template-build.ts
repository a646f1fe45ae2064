// Builds the PGlite template: a database folder after initdb, with the store's tables ready in
// a few spare schemas, that a new data folder copies instead of running initdb itself. initdb in
// PGlite takes 4-8 s and leaves the process 550-750 MB larger (WASM memory never shrinks), so it
// runs here, in a process of its own: the install step (`postinstall`) or a child of the server.

import { appendFile, chmod, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { restrictFolderTree } from '../files/owner-only.ts';
import { acquireFolderLock, FolderInUseError } from './folder-lock.ts';
import { openPgliteClient } from './pglite-client.ts';
import { createSchemaClients } from './pglite-schemas.ts';
import {
  isPgliteTemplate,
  PGLITE_TUNING,
  SPARE_SCHEMAS,
  TEMPLATE_MARKER,
  templateFolderName,
} from './pglite-template.ts';
import { ensureSchema } from './schema-migrate.ts';

// Another process building the same template takes 5-20 s on a busy machine; wait that long
// and more before giving up.
const WAIT_MS = 10 * 60 * 1000;
const POLL_MS = 250;

/**
 * Makes sure the cache holds the template of this code's PGlite and schema versions, building it
 * when missing (and removing templates of other versions). Several processes may call it at
 * once: one builds, under the cache's lock, and the others wait for it.
 * @param cacheDir The template cache folder (created 0700).
 * @returns The template's folder.
 * @throws Error when the template cannot be built, or another process holds the cache's lock for
 *   more than ten minutes; PGlite's error when initdb fails.
 */
export async function buildPgliteTemplate(cacheDir: string): Promise<string> {
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  const folder = join(cacheDir, await templateFolderName());
  const deadline = Date.now() + WAIT_MS;
  while (!(await isPgliteTemplate(folder))) {
    const lock = await acquireFolderLock(cacheDir).catch((error: unknown) => {
      if (error instanceof FolderInUseError && Date.now() < deadline) return undefined;
      throw error;
    });
    if (lock === undefined) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      continue;
    }
    try {
      if (!(await isPgliteTemplate(folder))) await buildInto(cacheDir, folder);
    } finally {
      await lock.release();
    }
  }
  return folder;
}

async function buildInto(cacheDir: string, folder: string): Promise<void> {
  const draft = `${folder}.tmp-${process.pid}`;
  await rm(draft, { recursive: true, force: true });
  await initialiseTemplate(draft);
  // Appears whole or not at all: a process killed while building leaves only a draft.
  await rename(draft, folder);
  await removeOtherEntries(cacheDir, folder);
}

async function initialiseTemplate(draft: string): Promise<void> {
  const client = await openPgliteClient(draft);
  try {
    const schemas = createSchemaClients(client);
    for (let index = 1; index <= SPARE_SCHEMAS; index++) {
      const schemaName = `spare_${index}`;
      await ensureSchema(schemas.client(schemaName), { schemaName });
    }
  } finally {
    // A clean shutdown (checkpoint): a copy opens without recovery.
    await client.close();
  }
  await appendFile(join(draft, 'postgresql.conf'), PGLITE_TUNING);
  await writeFile(join(draft, TEMPLATE_MARKER), `${JSON.stringify({ builtBy: process.pid })}\n`);
  await chmod(draft, 0o700);
  await restrictFolderTree(draft);
}

/** Templates of other versions, and drafts of killed builds, under the cache's lock. */
async function removeOtherEntries(cacheDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(cacheDir, { withFileTypes: true })) {
    const path = join(cacheDir, entry.name);
    if (entry.isDirectory() && path !== keep) await rm(path, { recursive: true, force: true });
  }
}
