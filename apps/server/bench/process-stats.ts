// What Linux tells about other processes (the server in its child process, the PostgreSQL
// cluster): CPU time from /proc/<pid>/stat (resident memory: test/support/process-memory.ts).
// CPU time per record does not depend on how busy the machine is, unlike a rate, so the bench
// reports it beside each rate.

import { readdir, readFile } from 'node:fs/promises';

interface ProcessCpu {
  readonly pid: number;
  readonly parent: number;
  /** User and system time of the process, and of its children it has waited for, in ms. */
  readonly cpuMs: number;
}

async function readStat(pid: number): Promise<ProcessCpu | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces, inside parentheses): the 4th
    // field of the line is the parent, the 14th to 17th utime, stime, cutime, cstime, counted in
    // USER_HZ ticks (100 per second on Linux).
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const ticks = (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
    return { pid, parent: fields[1] ?? 0, cpuMs: ticks * 10 };
  } catch {
    return undefined; // gone meanwhile
  }
}

async function allProcesses(): Promise<ProcessCpu[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await Promise.all(pids.map(readStat));
  return stats.filter((stat) => stat !== undefined);
}

/**
 * The CPU time a process and all its descendants have used, the exited ones its children waited
 * for included (a PostgreSQL cluster: the postmaster reaps its backends).
 * @param rootPid The process.
 * @returns Milliseconds.
 */
export async function readProcessTreeCpuMs(rootPid: number): Promise<number> {
  const processes = await allProcesses();
  const tree = new Set([rootPid]);
  // Parents come before children often but not always: repeat until nothing joins.
  for (let grown = true; grown; ) {
    grown = false;
    for (const entry of processes) {
      if (!tree.has(entry.pid) && tree.has(entry.parent)) {
        tree.add(entry.pid);
        grown = true;
      }
    }
  }
  return processes.reduce((sum, entry) => sum + (tree.has(entry.pid) ? entry.cpuMs : 0), 0);
}

/**
 * Finds a running process by its command line.
 * @param matches Tells the process looked for by its arguments.
 * @returns Its pid, or undefined.
 */
export async function findProcess(
  matches: (args: readonly string[]) => boolean,
): Promise<number | undefined> {
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const commandLine = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (commandLine !== '' && matches(commandLine.split('\0'))) return Number(name);
  }
  return undefined;
}

/** CPU milliseconds spent during some work, per party. */
export interface CpuSpent {
  /** This process: the SDK. */
  readonly client: number;
  /** The server process. */
  readonly server: number;
  /** The PostgreSQL cluster, when it is another process; 0 for PGlite (inside the server). */
  readonly database: number;
}

/**
 * Measures the CPU time this process, the server and the database cluster use while `work` runs.
 * @param pids The server's pid, and the cluster's postmaster's, if any.
 * @param work What to measure.
 * @returns The work's result and the CPU milliseconds of each.
 */
export async function measureCpu<Result>(
  pids: { readonly server: number; readonly database: number | undefined },
  work: () => Promise<Result>,
): Promise<{ result: Result; cpu: CpuSpent }> {
  const database = async () =>
    pids.database === undefined ? 0 : readProcessTreeCpuMs(pids.database);
  const clientBefore = process.cpuUsage();
  const serverBefore = await readProcessTreeCpuMs(pids.server);
  const databaseBefore = await database();
  const result = await work();
  const client = process.cpuUsage(clientBefore);
  return {
    result,
    cpu: {
      client: (client.user + client.system) / 1000,
      server: (await readProcessTreeCpuMs(pids.server)) - serverBefore,
      database: (await database()) - databaseBefore,
    },
  };
}
