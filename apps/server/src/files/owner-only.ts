// Owner-only files: what the server keeps on disk (keys, secrets, records) is its owner's alone.

import { chmod, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Takes group and other access off every file and folder under a folder, keeping the owner's
 * bits. PGlite's file system writes files with its own modes (0666 files and 0755 folders when
 * it initialises a database; its relation cache's `pg_internal.init` whatever the umask): the
 * template build runs it on a new template, the server on its data folder before listening.
 *
 * @param dataDir The folder (itself left as it is).
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
