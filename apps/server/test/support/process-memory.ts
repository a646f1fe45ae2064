// A process's resident memory as Linux tells it (/proc/<pid>/status), and the reset of its peak:
// for the large-attachment test's client and the server bench.

import { readFile, writeFile } from 'node:fs/promises';

/** A process's resident memory, in bytes. */
export interface ProcessMemory {
  /** Resident now (VmRSS). */
  readonly rss: number;
  /** The peak resident size since start or the last reset (VmHWM). */
  readonly peak: number;
  /** The parent process's id (PPid). */
  readonly parent: number;
}

/**
 * Reads a process's resident memory from /proc/<pid>/status.
 * @param pid The process.
 * @returns VmRSS and VmHWM in bytes, and the parent's id.
 * @throws Error when the process is gone or the fields are missing (a kernel thread has no
 *   VmRSS).
 */
export async function readProcessMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const number = (field: string, unit: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+)${unit}$`, 'm').exec(status);
    if (match === null) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]);
  };
  return {
    rss: number('VmRSS', ' kB') * 1024,
    peak: number('VmHWM', ' kB') * 1024,
    parent: number('PPid', ''),
  };
}

/**
 * Resets a process's peak resident size (VmHWM) to its current one (`clear_refs` value 5,
 * Linux ≥ 4.0), so the next peak read covers only what follows.
 * @param pid The process.
 * @returns Whether the kernel accepted the reset (it needs the right to ptrace the process).
 */
export async function resetPeakMemory(pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
