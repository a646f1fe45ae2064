// Files more than one process changes (`environments.json`: `env add`, `env rotate-secret`,
// `env remove`, a starting server) are changed under a lock, read-modify-write as one step: a
// rename alone keeps the file whole, but two writers that read the same old file each drop the
// other's change. The lock is proper-lockfile's: a `<file>.lock` folder made with `mkdir` (atomic
// on every file system, NFS included), whose mtime the holder refreshes, so a lock left by a
// killed process is taken over once stale instead of blocking every later command.

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { lock } from 'proper-lockfile';

/** A lock whose holder stopped refreshing it for this long is stale and taken over, in ms. */
const STALE_MS = 10_000;

/** How often the holder refreshes its lock, in ms (well inside `STALE_MS`). */
const UPDATE_MS = 2_000;

// Waiting: about 15 s in all (longer than a stale lock takes to expire), in short random steps
// so that many waiting commands do not retry in lockstep.
const RETRIES = { retries: 150, minTimeout: 20, maxTimeout: 100, randomize: true } as const;

/**
 * Runs an action while holding the lock of a file, waiting for other holders first.
 *
 * @param path The file the lock guards (it need not exist; its folder is created 0700).
 * @param action What to do under the lock, e.g. read, change and rewrite the file.
 * @returns What the action returns, once the lock is released.
 * @throws {Error} The lock could not be had within about 15 s (`code` `ELOCKED`), or what the
 *   action throws.
 */
export async function withFileLock<T>(path: string, action: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const release = await lock(path, {
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    retries: RETRIES,
    // The default throws from a timer, which would crash a serving process; the actions here
    // take milliseconds, so a compromised lock (refresh failing for 10 s) cannot outlast them.
    onCompromised: () => undefined,
  });
  try {
    return await action();
  } finally {
    await release();
  }
}
