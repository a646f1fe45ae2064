// The options and results of `Migrator` (the seed's `migrate` shape, camelCase) and of
// `migrateAll`, the whole-country run.

import type { StorageError } from '@residency/errors';
import type { ServerRecord } from '@residency/protocol';
import type { SecretKeyAccessor } from '@residency/secrets';
import type { FindError, HttpDebugFields, RecordStorageOptions } from '@residency/storage';

/** What the transport saw of one response (`HttpResponseInfo` of @residency/transport). */
type HttpResponseInfo = NonNullable<HttpDebugFields['httpResponse']>;

/** Options of a `Migrator`: those of `RecordStorage`, plus the secrets. */
export interface MigratorOptions extends RecordStorageOptions {
  /**
   * Where the current secret version comes from: records are re-encrypted to it. Required to
   * migrate (encryption `LOCAL`); without it both methods fail as the seed's do.
   */
  readonly secretKeyAccessor?: Pick<SecretKeyAccessor, 'getSecrets'> | undefined;
}

/** The result of `migrate` (the seed's `{ migrated, total_left, errors? }`). */
export interface MigrateResult {
  /** How many records were re-encrypted and written. */
  readonly migrated: number;
  /** How many records still have another secret version: the find's `total` minus `migrated`. */
  readonly totalLeft: number;
  /** The records that could not be migrated, and why; absent when there were none. */
  readonly errors?: FindError[];
  /**
   * Only with `debug: true`: the response of the find, or the list (oldest first) when the call
   * made more requests (the seed: "find, then batch write").
   */
  readonly httpResponse?: HttpResponseInfo | readonly HttpResponseInfo[];
}

/** A record `migrateAll` could not migrate. */
export interface MigrateFailure {
  /** The record's key as stored (the hash). */
  readonly recordKey: string;
  /**
   * Why: `StorageCryptoError` (wrong secret, altered ciphertext, keys that are not the ones
   * sealed in its body, a body without its record key), `SecretsValidationError` (its
   * secret version is unknown), `StorageServerResponseValidationError` (a bad envelope),
   * `StorageClientError` (re-encoding would change its keys: other `normalizeKeys` or
   * `hashSearchKeys` than the writer's), `StorageServerError` 412 (it kept changing while
   * being migrated).
   */
  readonly error: StorageError;
  /** The record as the server sent it: hashed keys, encrypted body. */
  readonly rawData: ServerRecord;
}

/** Where a `migrateAll` run stands. */
export interface MigrateProgress {
  /** Records re-encrypted and written by this run. */
  readonly migrated: number;
  /** Records this run could not migrate (see `failures`); left as they are. */
  readonly failed: number;
  /** Records that needed no write after all: already current, or gone, when read or re-read. */
  readonly skipped: number;
  /** Records re-read because they changed between the read and the write (a 412). */
  readonly conflicts: number;
  /** Records still to migrate, failed ones not counted: the last find's total, less those migrated since. */
  readonly totalLeft: number;
}

/** The result of `migrateAll`. */
export interface MigrateAllResult extends MigrateProgress {
  /** Every record that could not be migrated, with why. */
  readonly failures: readonly MigrateFailure[];
  /**
   * `true` when every record that can be migrated was; `false` when the run stopped at
   * `maxFailures` (run again once the cause is fixed: it resumes).
   */
  readonly complete: boolean;
}

/** Options of `migrateAll`. */
export interface MigrateAllOptions {
  /** Records per find and per batch write, 1..100; default 100. */
  readonly pageSize?: number | undefined;
  /** How many pages are re-encrypted and written at once, 1..16; default 1. */
  readonly concurrency?: number | undefined;
  /**
   * Stop once this many records failed (the run is then incomplete); default 1000. Failed
   * records are kept out of later finds by key, so this also bounds the find filter's size.
   */
  readonly maxFailures?: number | undefined;
  /** Called after each page is written, with the run's totals so far. */
  readonly onProgress?: ((progress: MigrateProgress) => void) | undefined;
  /** Stops the run: requests in flight are aborted, nothing more is written. */
  readonly signal?: AbortSignal | undefined;
  /** Custom headers on every request, as in `requestOptions`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}
