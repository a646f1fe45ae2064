// vitest global setup: one PostgreSQL cluster for the whole test run, its admin URL handed to
// the test files through provide/inject (test/support/test-postgres.ts reads it).

import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of the run's PostgreSQL cluster's `postgres` database. */
    postgresAdminUrl: string;
  }
}

/**
 * Starts the run's PostgreSQL cluster.
 * @param project The vitest project, to provide the cluster's URL to.
 * @returns The teardown, which stops the cluster and removes its folder.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('postgresAdminUrl', postgres.url('postgres'));
  return () => postgres.stop();
}
