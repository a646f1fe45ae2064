// Who holds a lock, precisely enough to tell a live holder from a dead one whose pid came back:
// in a container the server is often pid 1 on every start, so a pid alone would make the lock
// of a killed server look held forever. On Linux the kernel's process start time settles it.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A process: its pid, its host, and (on Linux) when it started, in clock ticks since boot. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  readonly startTime: string | null;
}

/**
 * Describes this process.
 * @returns The identity to write into a lock.
 */
export function currentProcessIdentity(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), startTime: readStartTime(process.pid) };
}

/**
 * Tells whether the process a lock names may still be running. Conservative: a process on
 * another host, or one that cannot be checked, counts as running.
 * @param identity The process the lock names.
 * @returns False only when that process is certainly gone.
 */
export function isProcessRunning(identity: ProcessIdentity): boolean {
  if (identity.host !== hostname()) return true;
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (identity.startTime === null) return true;
  const startTime = readStartTime(identity.pid);
  // Same pid, another start time: the pid was reused, the holder is gone.
  return startTime === null || startTime === identity.startTime;
}

function readStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) may hold spaces and parentheses; fields after the last ')' don't.
    // Field 22 is the start time, the 20th after the command.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
