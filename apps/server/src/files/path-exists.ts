import { access } from 'node:fs/promises';

/**
 * Tells whether a path exists (file or folder).
 *
 * @param path The path.
 * @returns True when it can be reached.
 */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
