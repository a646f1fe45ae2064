// The PostgreSQL cluster a test file uses: the run's shared one when vitest's global setup
// started it (global-setup.ts), else one of the file's own, started on first use.

import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { attachPostgres, type RunningPostgres, startPostgres } from './postgres.ts';

/** A cluster a test file may create databases in. */
export type TestPostgres = Omit<RunningPostgres, 'stop'>;

let ownCluster: Promise<RunningPostgres> | undefined;

/**
 * The cluster of this test run, or of this file when no global setup provided one.
 * @returns URLs and database creation.
 */
export async function testPostgres(): Promise<TestPostgres> {
  const adminUrl = inject('postgresAdminUrl');
  if (adminUrl !== undefined) return attachPostgres(adminUrl);
  ownCluster ??= startPostgres();
  return ownCluster;
}

/**
 * Stops the file's own cluster, if it started one; a no-op under the global setup.
 * @returns When stopped.
 */
export async function stopOwnPostgres(): Promise<void> {
  const cluster = ownCluster;
  ownCluster = undefined;
  if (cluster !== undefined) await (await cluster).stop();
}

/**
 * Creates a fresh database with a unique name, so test files running at once never meet.
 * @param postgres The cluster.
 * @param label A readable part of the name ([a-z0-9_]).
 * @returns The new database's URL.
 */
export async function createTestDatabase(postgres: TestPostgres, label: string): Promise<string> {
  const name = `t_${label}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await postgres.createDatabase(name);
  return postgres.url(name);
}
