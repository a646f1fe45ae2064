import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFolderLock, LOCK_FILE_NAME } from '../../src/store/folder-lock.ts';
import { currentProcessIdentity } from '../../src/store/process-identity.ts';

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

/** A process that runs until killed, and has started once the promise resolves. */
async function liveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'console.log("up"); setInterval(() => {}, 1e6)']);
  await new Promise((resolve) => child.stdout?.once('data', resolve));
  return child;
}

describe('folder lock', () => {
  let folder: string;
  let lockPath: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'residency-lock-'));
    lockPath = join(folder, LOCK_FILE_NAME);
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await rm(folder, { recursive: true, force: true });
  });

  async function writeLock(owner: Record<string, unknown>): Promise<void> {
    await writeFile(lockPath, JSON.stringify(owner));
  }

  it('is held by one opener at a time, this process included, until released', async () => {
    const lock = await acquireFolderLock(folder);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    await expect(acquireFolderLock(folder)).rejects.toThrow(folder);
    await expect(acquireFolderLock(folder)).rejects.toThrow(`in use by process ${process.pid}`);
    await lock.release();
    await lock.release();
    const again = await acquireFolderLock(folder);
    await again.release();
  });

  it('refuses a lock held by another running process', async () => {
    const child = await liveProcess();
    children.push(child);
    await writeLock({ ...currentProcessIdentity(), pid: child.pid, startTime: null, token: 't' });
    await expect(acquireFolderLock(folder)).rejects.toThrow(
      `${folder} is in use by process ${child.pid}`,
    );
  });

  it('refuses a lock held on another host, which it cannot check', async () => {
    await writeLock({
      pid: await deadPid(),
      host: `not-${hostname()}`,
      startTime: null,
      token: 't',
    });
    await expect(acquireFolderLock(folder)).rejects.toThrow(/in use/);
  });

  it('takes over the lock of a process that is gone', async () => {
    await writeLock({ ...currentProcessIdentity(), pid: await deadPid(), token: 'stale' });
    const lock = await acquireFolderLock(folder);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('takes over the lock of a dead process whose pid came back (another start time)', async () => {
    // Our own pid, but not our start: what a restarted container's server finds.
    await writeLock({ ...currentProcessIdentity(), startTime: '1', token: 'stale' });
    const lock = await acquireFolderLock(folder);
    await lock.release();
  });

  it('takes over an unreadable lock file', async () => {
    await writeFile(lockPath, 'not json');
    const lock = await acquireFolderLock(folder);
    await lock.release();
  });

  it('lets exactly one of many concurrent openers take over a stale lock', async () => {
    await writeLock({ ...currentProcessIdentity(), pid: await deadPid(), token: 'stale' });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => acquireFolderLock(folder)),
    );
    const held = results.filter((result) => result.status === 'fulfilled');
    expect(held).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(String(result.reason)).toContain(folder);
    }
  });
});
