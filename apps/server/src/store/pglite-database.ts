// The embedded backend's one database: `<dataDir>/pglite/pgdata`, beside the lock file
// `<dataDir>/pglite/residency.lock` of the one process that may open it (folder-lock.ts). A
// new data folder gets a copy of the template (pglite-template.ts), so initdb never runs in
// the server process.

import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { pathExists } from '../files/path-exists.ts';
import { acquireFolderLock } from './folder-lock.ts';
import { openPgliteDatabase, wrapPglite } from './pglite-client.ts';
import { createSchemaClients, type SchemaClients } from './pglite-schemas.ts';
import { copyPgliteTemplate, ensurePgliteTemplate } from './pglite-template.ts';

/** The database's folder inside the data folder, holding `pgdata/` and the lock. */
const PGLITE_FOLDER = 'pglite';

/** The open database of a data folder. */
export interface PgliteDatabase {
  /** PGlite itself, for COPY; its statements must not run while the schema clients are used. */
  readonly database: PGlite;
  /** A SQL client per country schema. */
  readonly schemas: SchemaClients;
  /**
   * Closes the database and releases the folder's lock.
   * @returns When closed.
   */
  close(): Promise<void>;
}

/** Where the database is and where its template comes from. */
export interface OpenPgliteDatabaseOptions {
  readonly dataDir: string;
  /** The template cache. */
  readonly templateCache: string;
  /** Told about slow one-time work (building the template). */
  readonly log: (line: string) => void;
}

/**
 * Takes the data folder's lock and opens its database, copying the template in first when the
 * folder has none.
 * @param options The data folder, the template cache and the log.
 * @returns The open database.
 * @throws FolderInUseError when another running process holds the folder; Error when
 *   `pgdata` exists but is no database, or the template cannot be built; PGlite's error.
 */
export async function openDataFolderDatabase(
  options: OpenPgliteDatabaseOptions,
): Promise<PgliteDatabase> {
  const folder = join(options.dataDir, PGLITE_FOLDER);
  const lock = await acquireFolderLock(folder);
  try {
    const pgdata = join(folder, 'pgdata');
    if (!(await pathExists(pgdata))) await createFromTemplate(pgdata, options);
    // PGlite would run initdb, in this process, in a folder without PG_VERSION.
    if (!(await pathExists(join(pgdata, 'PG_VERSION')))) {
      throw new Error(`${pgdata} is not a PGlite database folder: move it away`);
    }
    // We hold the folder's lock, so no PostgreSQL of another process runs on it: a pid file
    // left by a killed process is stale. PGlite recovers from the WAL as PostgreSQL does.
    await rm(join(pgdata, 'postmaster.pid'), { force: true });
    const database = await openPgliteDatabase(pgdata);
    return {
      database,
      schemas: createSchemaClients(wrapPglite(database)),
      close: async () => {
        if (!database.closed) await database.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function createFromTemplate(
  pgdata: string,
  options: OpenPgliteDatabaseOptions,
): Promise<void> {
  const template = await ensurePgliteTemplate(options.templateCache, options.log);
  // A copy cut short by a kill is a draft: only a complete one is renamed into place.
  const draft = `${pgdata}.tmp`;
  await rm(draft, { recursive: true, force: true });
  await copyPgliteTemplate(template, draft);
  await rename(draft, pgdata);
}
