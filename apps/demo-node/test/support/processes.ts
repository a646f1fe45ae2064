// The processes whose command line mentions a text (a data folder, a script), from /proc: how the
// demo's tests check that nothing it started is left running.

import { readdirSync, readFileSync } from 'node:fs';

/**
 * Lists the running processes whose command line holds a text.
 * @param text What to look for in `/proc/<pid>/cmdline`.
 * @returns Their process ids (processes gone meanwhile are left out).
 */
export function processesMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}
