// An exclusive lock on a folder, for the one process that may open a PGlite database in it: two
// processes writing one PGlite folder would corrupt it, and PGlite does not stop the second.
//
// The lock is a file naming its holder (pid, host, start time). It appears atomically, content
// and all: written under a private name, then hard-linked to the lock's name, which fails when
// a lock exists. A lock whose holder is gone (killed, crashed) is stale and is taken over; the
// take-over itself runs under a second, short-lived guard file, so two processes that both find
// one stale lock cannot both replace it.

import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  currentProcessIdentity,
  isProcessRunning,
  type ProcessIdentity,
} from './process-identity.ts';

/** The lock file's name inside the locked folder. */
export const LOCK_FILE_NAME = 'residency.lock';

/** A guard older than this is a leftover of a process killed during a take-over, in ms. */
const GUARD_STALE_MS = 10_000;

/** A held lock. */
export interface FolderLock {
  /** The lock file's path. */
  readonly path: string;
  /**
   * Removes the lock if this process still holds it; idempotent.
   * @returns When released.
   */
  release(): Promise<void>;
}

/** The folder's lock is held by a running process (this one included), or being taken over. */
export class FolderInUseError extends Error {
  /**
   * @param message Names the folder and the holder.
   */
  constructor(message: string) {
    super(message);
    this.name = 'FolderInUseError';
  }
}

interface LockOwner extends ProcessIdentity {
  readonly token: string;
}

/**
 * Takes the folder's exclusive lock (creating the folder if needed), taking over a stale one.
 * @param folder The folder to lock.
 * @returns The held lock.
 * @throws FolderInUseError naming the folder and the holder's pid when a running process holds
 *   the lock (this process included), or another process is taking it over right now.
 */
export async function acquireFolderLock(folder: string): Promise<FolderLock> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, LOCK_FILE_NAME);
  const owner: LockOwner = { ...currentProcessIdentity(), token: randomUUID() };
  if (!(await createLockFile(path, owner))) {
    const holder = await readLockFile(path);
    if (holder !== null && isProcessRunning(holder)) throw lockedError(folder, holder);
    await takeOver(folder, path, owner);
  }
  return { path, release: () => releaseLockFile(path, owner) };
}

async function createLockFile(path: string, owner: LockOwner): Promise<boolean> {
  const draft = `${path}.${owner.token}.tmp`;
  await writeFile(draft, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft);
  }
}

/** The holder named in the lock file; null when there is none or it is unreadable (stale). */
async function readLockFile(path: string): Promise<LockOwner | null> {
  try {
    const holder = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string'
      ? {
          pid: holder.pid,
          host: holder.host,
          startTime: holder.startTime ?? null,
          token: String(holder.token),
        }
      : null;
  } catch {
    return null;
  }
}

async function takeOver(folder: string, path: string, owner: LockOwner): Promise<void> {
  const guardPath = `${path}.takeover`;
  const guard = await openGuard(folder, guardPath);
  try {
    // Under the guard nobody else removes the lock file; re-check, since it may have changed.
    const holder = await readLockFile(path);
    if (holder !== null && isProcessRunning(holder)) throw lockedError(folder, holder);
    await unlink(path).catch(ignoreMissing);
    if (await createLockFile(path, owner)) return;
    // A newcomer created one between our unlink and our link: it holds the lock now.
    const newcomer = await readLockFile(path);
    throw lockedError(folder, newcomer ?? { pid: -1, host: '?', startTime: null, token: '' });
  } finally {
    await guard.close();
    await unlink(guardPath).catch(ignoreMissing);
  }
}

async function openGuard(folder: string, guardPath: string): Promise<{ close(): Promise<void> }> {
  try {
    return await open(guardPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = Date.now() - (await stat(guardPath)).mtimeMs;
    if (age < GUARD_STALE_MS) {
      throw new FolderInUseError(
        `the lock of PGlite folder ${folder} is being taken over by another process`,
      );
    }
    await unlink(guardPath).catch(ignoreMissing);
    return open(guardPath, 'wx');
  }
}

async function releaseLockFile(path: string, owner: LockOwner): Promise<void> {
  const holder = await readLockFile(path);
  if (holder?.token === owner.token) await unlink(path).catch(ignoreMissing);
}

function lockedError(folder: string, holder: ProcessIdentity): FolderInUseError {
  return new FolderInUseError(
    `PGlite folder ${folder} is in use by process ${holder.pid} on ${holder.host}: only one ` +
      `process may open it. If no server uses it, delete ${join(folder, LOCK_FILE_NAME)}.`,
  );
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
