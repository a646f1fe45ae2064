// Temporary folders of this package's tests, checked after each test file: the setup file
// `check-temp-folders.ts` fails the file when one it made is still there once its own `afterAll`
// has run (a file without that removal once left a `residency-attachments-*` folder per run).
// The record is this file's own (vitest gives each test file its own module instances), so
// folders of other files or of other runs on the machine are not counted.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/**
 * Makes a folder `residency-attachments-<name>-XXXXXX` in the system's temporary folder; the
 * test file removes it in its `afterAll`.
 * @param name What it holds, for the folder's name.
 * @returns Its path.
 */
export function makeTempFolder(name: string): string {
  const folder = mkdtempSync(join(tmpdir(), `residency-attachments-${name}-`));
  made.push(folder);
  return folder;
}

/**
 * The folders {@link makeTempFolder} made in this test file that still exist.
 * @returns Their paths.
 */
export function tempFoldersLeft(): string[] {
  return made.filter((folder) => existsSync(folder));
}
