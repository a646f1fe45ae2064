// The public surface of @residency/migrate: re-encryption to the current secret version, one
// page (the seed's `migrate`) or a whole country (`migrateAll`). Left out on purpose: the page
// and run machinery, which may change.

export { DEFAULT_MIGRATE_ALL_OPTIONS, MAX_CONCURRENCY } from './migrate-input.ts';
export { MAX_REREADS } from './migrate-page.ts';
export type {
  MigrateAllOptions,
  MigrateAllResult,
  MigrateFailure,
  MigrateProgress,
  MigrateResult,
  MigratorOptions,
} from './migrate-types.ts';
export { Migrator } from './migrator.ts';
