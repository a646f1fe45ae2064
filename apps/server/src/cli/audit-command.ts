// `residency-server audit`: a country's audit rows as JSON lines, newest first. With PostgreSQL
// (`--postgres-url`, or the config's URLs) it reads the country's database directly. With a
// PGlite data folder it opens the folder itself when no server holds it; when a server does (a
// PGlite folder belongs to one process), it asks that server's operator route, with the URL
// and credential the server published in the folder.

import { join } from 'node:path';
import { type AuditListing, auditRowToJson, parseAuditListing } from '../audit/audit-query.ts';
import { readOperatorCredential } from '../audit/operator-credential.ts';
import { OPERATOR_AUDIT_PATH } from '../audit/operator-routes.ts';
import { loadServerConfig } from '../config/load-config.ts';
import type { ServerConfig } from '../config/server-config.ts';
import { pathExists } from '../files/path-exists.ts';
import { openConfiguredStores } from '../lifecycle/open-stores.ts';
import { FolderInUseError, type StoreProvider } from '../store/index.ts';
import type { Flags } from './parse-command.ts';

/** What the command needs from its surroundings. */
export interface AuditCommandIo {
  readonly stdout: (text: string) => void;
  readonly env: { readonly [name: string]: string | undefined };
  readonly cwd: string;
}

function flagText(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks the audit flags.
 * @param flags The parsed flags.
 * @returns The listing.
 * @throws {AuditQueryError} A filter breaks its rule (the CLI exits with 2).
 */
function auditListingOf(flags: Flags): AuditListing {
  return parseAuditListing({
    country: flagText(flags, 'country'),
    environment: flagText(flags, 'environment'),
    since: flagText(flags, 'since'),
    limit: flagText(flags, 'limit'),
  });
}

/**
 * Prints the audit rows a command line asks for.
 * @param flags The parsed flags (the audit filters, and where the data is).
 * @param io Output, environment and working folder.
 * @returns When printed.
 * @throws {AuditQueryError} A bad filter; {Error} a country not served, no database in the
 *   data folder, an unreachable or refusing server.
 */
export async function printAuditRows(flags: Flags, io: AuditCommandIo): Promise<void> {
  const listing = auditListingOf(flags);
  const config = await loadServerConfig({ flags, env: io.env, cwd: io.cwd });
  if (!config.countries.some(({ code }) => code === listing.country)) {
    throw new Error(`country ${listing.country} is not served (see --countries)`);
  }
  const rows = await auditRows(config, listing);
  for (const row of rows) io.stdout(`${JSON.stringify(row)}\n`);
}

async function auditRows(
  config: ServerConfig,
  listing: AuditListing,
): Promise<Record<string, unknown>[]> {
  if (config.backend === 'pglite') {
    if (!(await pathExists(join(config.dataDir, 'pglite', 'pgdata')))) {
      throw new Error(`no PGlite database in ${config.dataDir} (see --data)`);
    }
  }
  let stores: StoreProvider;
  try {
    stores = await openConfiguredStores(config);
  } catch (error) {
    if (error instanceof FolderInUseError) return askRunningServer(config.dataDir, listing);
    throw error;
  }
  try {
    const store = await stores.country(listing.country);
    return (await store.listAudit(listing)).map(auditRowToJson);
  } finally {
    await stores.close();
  }
}

async function askRunningServer(
  dataDir: string,
  listing: AuditListing,
): Promise<Record<string, unknown>[]> {
  const published = await readOperatorCredential(dataDir);
  if (published === undefined) {
    throw new Error(`a running process holds ${dataDir} but published no operator credential`);
  }
  const query = new URLSearchParams({ country: listing.country, limit: String(listing.limit) });
  if (listing.environment !== undefined) query.set('environment', listing.environment);
  if (listing.since !== undefined) query.set('since', listing.since.toISOString());
  let response: Response;
  try {
    response = await fetch(`${published.url}${OPERATOR_AUDIT_PATH}?${query}`, {
      headers: { authorization: `Bearer ${published.credential}` },
    });
  } catch (error) {
    throw new Error(`the server holding ${dataDir} cannot be reached at ${published.url}`, {
      cause: error,
    });
  }
  if (response.status !== 200) {
    throw new Error(`the server holding ${dataDir} answered ${response.status} to the audit query`);
  }
  const body = (await response.json()) as { rows: Record<string, unknown>[] };
  return body.rows;
}
