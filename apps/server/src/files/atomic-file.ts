// Files holding secrets or state other processes read (environments, keys, credentials) are
// written to a temporary file beside the target and renamed over it: a reader sees the old file
// or the new one, never half of one, and the file is created 0600 so no other user can read it.

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file atomically with mode 0600.
 *
 * @param path The file to (re)write.
 * @param content Its new content.
 * @returns When the file is in place.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes a value as pretty JSON, atomically, with mode 0600.
 *
 * @param path The file.
 * @param value A JSON-serialisable value.
 * @returns When the file is in place.
 */
export async function writeJsonFileAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
