// The data folder holds the signing and SSE keys, the clients' secrets and every record: it is
// the owner's alone (issue 14). The binary also sets its umask to 077 (main.ts), so what PGlite
// and the server write inside is owner-only too.

import { chmod, mkdir, stat } from 'node:fs/promises';
import type { Logger } from '../logger.ts';

/**
 * Creates the data folder owner-only (0700), or makes an existing one so when group or others
 * could read, write or enter it, with one warning line.
 *
 * @param dataDir The data folder.
 * @param logger Where the warning goes.
 * @returns When the folder exists and is the owner's alone.
 * @throws The file system's error when it cannot be created or its mode changed.
 */
export async function ensureOwnerOnlyFolder(dataDir: string, logger: Logger): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { mode } = await stat(dataDir);
  if ((mode & 0o077) === 0) return;
  await chmod(dataDir, 0o700);
  logger.warn(
    `the data folder ${dataDir} was open to group or others (mode ${(mode & 0o777).toString(8)}): now 700, the owner's alone`,
  );
}
