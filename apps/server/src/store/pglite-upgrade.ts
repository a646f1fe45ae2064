// The one-time upgrade of a data folder of the layout before one database: a PGlite database
// per country in `<dataDir>/countries/<cc>/pgdata`. At start, before any country is served,
// each old database is opened in turn (and closed before the next: each costs ~200 MB while
// open), its rows copied into schema `cc_<cc>` (pglite-upgrade-copy.ts), and its folder then
// moved to `<dataDir>/countries-before-upgrade/<cc>`: kept, not deleted, until the operator
// deletes it. A kill at any point leaves a folder the next start upgrades correctly: before the
// copy commits nothing of it is kept; after, the copy is recorded and not repeated.

import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pathExists } from '../files/path-exists.ts';
import { acquireFolderLock } from './folder-lock.ts';
import { type CopyOutcome, copyCountry } from './pglite-upgrade-copy.ts';

/** The old layout's folder of country databases. */
const OLD_COUNTRIES_FOLDER = 'countries';

/** Where upgraded country folders are moved. */
const UPGRADED_COUNTRIES_FOLDER = 'countries-before-upgrade';

const COUNTRY_CODE = /^[a-z]{2}$/;

/** What the upgrade needs from the caller. */
export interface UpgradeOptions {
  readonly dataDir: string;
  /** The one database (its schema clients not in use yet). */
  readonly database: PGlite;
  /** Creates the country's schema with current tables, if it has none. */
  readonly prepareSchema: (code: string) => Promise<void>;
  /** Told one line per upgraded country. */
  readonly log: (line: string) => void;
  /** Called after each copied batch (tests kill the process there). */
  readonly onBatch?: (() => void) | undefined;
}

/**
 * Upgrades every country database of the old layout in the data folder, if there is any.
 * @param options The data folder, the one database and the log.
 * @returns The upgraded countries' codes.
 * @throws FolderInUseError when an older server holds an old country's folder; the copy's Error
 *   (pglite-upgrade-copy.ts); PGlite's error when an old database cannot be opened.
 */
export async function upgradeOldCountries(options: UpgradeOptions): Promise<string[]> {
  const oldFolder = join(options.dataDir, OLD_COUNTRIES_FOLDER);
  const codes = await oldCountryCodes(oldFolder);
  for (const code of codes) await upgradeCountry(options, code);
  // Gone once every country has moved; anything else in it stays where the operator put it.
  await rmdir(oldFolder).catch(() => undefined);
  return codes;
}

async function oldCountryCodes(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && COUNTRY_CODE.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function upgradeCountry(options: UpgradeOptions, code: string): Promise<void> {
  const folder = join(options.dataDir, OLD_COUNTRIES_FOLDER, code);
  const lock = await acquireFolderLock(folder);
  let outcome: CopyOutcome | undefined;
  try {
    const pgdata = join(folder, 'pgdata');
    if (await pathExists(join(pgdata, 'PG_VERSION'))) {
      await options.prepareSchema(code);
      outcome = await copyFromOldDatabase(options, pgdata, code);
    }
  } finally {
    await lock.release();
  }
  const movedTo = await moveAside(options.dataDir, code);
  options.log(upgradeLine(code, outcome, movedTo));
}

async function copyFromOldDatabase(
  options: UpgradeOptions,
  pgdata: string,
  code: string,
): Promise<CopyOutcome> {
  // We hold its lock: a pid file is a killed server's leftover.
  await rm(join(pgdata, 'postmaster.pid'), { force: true });
  const source = await PGlite.create(pgdata, {
    // A small buffer pool: the old database is only read once, and the memory stays.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
  });
  try {
    return await copyCountry(source, options.database, `cc_${code}`, options.onBatch);
  } finally {
    await source.close();
  }
}

async function moveAside(dataDir: string, code: string): Promise<string> {
  const parent = join(dataDir, UPGRADED_COUNTRIES_FOLDER);
  await mkdir(parent, { recursive: true, mode: 0o700 });
  for (let attempt = 1; ; attempt++) {
    const name = attempt === 1 ? code : `${code}-${attempt}`;
    const target = join(parent, name);
    if (await pathExists(target)) continue;
    await rename(join(dataDir, OLD_COUNTRIES_FOLDER, code), target);
    return join(UPGRADED_COUNTRIES_FOLDER, name);
  }
}

function upgradeLine(code: string, outcome: CopyOutcome | undefined, movedTo: string): string {
  const what =
    outcome === undefined
      ? 'held no database'
      : `${outcome.counts.records} record(s), ${outcome.counts.attachments} attachment(s) ` +
        `(${outcome.counts.bytes} bytes) ${outcome.copiedBefore ? 'were copied by an earlier start' : 'copied'} into schema cc_${code} of pglite/pgdata`;
  return (
    `upgraded country ${code} of the old layout: ${OLD_COUNTRIES_FOLDER}/${code} ${what}; ` +
    `the old folder is now ${movedTo} (delete it once you no longer need it)`
  );
}
