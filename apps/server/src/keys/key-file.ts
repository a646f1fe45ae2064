// A server key may come from a file (a mounted secret, `RESIDENCY_TOKEN_SIGNING_KEY_FILE`),
// which keeps it out of the environment and the process list. The file holds the base64 of 32
// bytes; it must be its owner's alone, as the data folder is: a key readable by group or others
// is refused, never used.

import { readFile, stat } from 'node:fs/promises';
import { decodeKey } from './server-keys.ts';

/**
 * Reads a key file.
 * @param path The file (absolute).
 * @param name The setting that names it, for the error message.
 * @returns The key's 32 bytes.
 * @throws {Error} The file is missing, open to group or others, or not the base64 of 32 bytes
 *   (the message names the setting and the path, never the content).
 */
export async function readKeyFile(path: string, name: string): Promise<Uint8Array> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(`${name} ${path} ${missing ? 'does not exist' : 'cannot be read'}`);
  }
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${name} ${path} is open to group or others (mode ${(mode & 0o777).toString(8)}): make it the owner's alone (chmod 600)`,
    );
  }
  const key = decodeKey((await readFile(path, 'utf8')).trim());
  if (key === undefined) throw new Error(`${name} ${path} must hold the base64 of 32 bytes`);
  return key;
}
