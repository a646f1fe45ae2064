// The data folder holds the signing and SSE keys, the clients' secrets and every record: it is
// the owner's alone (issue 14). The binary also sets its umask to 077 (main.ts), so what PGlite
// and the server write inside is owner-only too.

import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';

/**
 * Creates the data folder owner-only (0700), or makes an existing one so when group or others
 * could read, write or enter it, with one warning line.
 *
 * @param dataDir The data folder.
 * @param logger Where the warning goes.
 * @returns When the folder exists and is the owner's alone.
 * @throws The file system's error when it cannot be created or its mode changed.
 */
export async function ensureOwnerOnlyFolder(dataDir: string, logger: Logger): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { mode } = await stat(dataDir);
  if ((mode & 0o077) === 0) return;
  await chmod(dataDir, 0o700);
  logger.warn(
    `the data folder ${dataDir} was open to group or others (mode ${(mode & 0o777).toString(8)}): now 700, the owner's alone`,
  );
}

/**
 * Takes group and other access off every file and folder under the data folder. PGlite's file
 * system writes a few files (its relation cache's `pg_internal.init`) with its own mode,
 * whatever the process's umask; run once the stores are open, before listening.
 *
 * @param dataDir The data folder.
 * @returns How many entries were tightened.
 * @throws The file system's error when a mode cannot be read or changed.
 */
export async function restrictFolderTree(dataDir: string): Promise<number> {
  let tightened = 0;
  for (const entry of await readdir(dataDir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    try {
      const { mode } = await stat(path);
      if ((mode & 0o077) === 0) continue;
      await chmod(path, mode & 0o700);
      tightened += 1;
    } catch (error) {
      // A file removed since the listing (a finished upload's part) needs no mode.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return tightened;
}
