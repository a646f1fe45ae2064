import { StorageClientError } from '@residency/errors';
import { EncryptionType, type FindError, type RequestOptionsInput } from '@residency/storage';
import { type StorageCall, StorageContext, sendRawFind } from '@residency/storage/internal';
import { parseLimit, parseMigrateAllOptions } from './migrate-input.ts';
import { migratePage } from './migrate-page.ts';
import type {
  MigrateAllOptions,
  MigrateAllResult,
  MigrateResult,
  MigratorOptions,
} from './migrate-types.ts';
import { pendingFilter } from './migration-filter.ts';
import { runMigration } from './migration-run.ts';

/** The seed's message when a storage without client-side encryption is asked to migrate. */
const ENCRYPTION_REQUIRED = 'This method is only allowed with encryption enabled';

/**
 * Re-encrypts records to the current secret version (protocol.md §9.1, the seed's "Data
 * Migration and Key Rotation"): `migrate` one page, as the seed does, or `migrateAll` for a
 * whole country with progress, concurrency, abort and resume. Records are written back with our
 * server's conditional write, so a record changed since it was read is re-read, not
 * overwritten. Needs encryption `LOCAL` and a secret key accessor.
 *
 * @example
 * ```ts
 * const migrator = new Migrator({ transport, codec, secretKeyAccessor });
 * const { migrated, totalLeft } = await migrator.migrate('de', 50);
 * ```
 */
export class Migrator {
  readonly #context: StorageContext;
  readonly #secrets: MigratorOptions['secretKeyAccessor'];

  /**
   * Creates the migrator.
   *
   * @param options Transport, codec, `debug`, logger and the secret key accessor.
   * @param context The context built from these same options, when a composition (the facade)
   *   shares one with its `RecordStorage`; by default its own.
   * @throws {StorageConfigValidationError} The codec or transport is missing, or `debug` is not
   *   a boolean.
   */
  constructor(options: MigratorOptions, context: StorageContext = new StorageContext(options)) {
    this.#context = context;
    this.#secrets = options.secretKeyAccessor;
  }

  /**
   * Migrates up to `limit` records of a country: finds records whose `version` is not the
   * current secret version, re-encrypts those that decrypt, and writes them back in one
   * (conditional) batch write.
   *
   * @param country The country code.
   * @param limit How many records, 1..100; default 100.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ migrated, totalLeft, errors? }`; `errors` lists the records that could not be
   *   migrated, with their raw data.
   * @throws {InputValidationError} A bad country, limit or request option.
   * @throws {StorageClientError} Encryption is not `LOCAL` with a secret key accessor.
   * @throws {SecretsProviderError} The secrets could not be had.
   * @throws {StorageServerError} A request failed; subclasses: authentication, network (abort
   *   included), country not supported, response validation.
   * @example
   * ```ts
   * let left = Infinity;
   * while (left > 0) ({ totalLeft: left } = await migrator.migrate('de'));
   * ```
   */
  async migrate(
    country: string,
    limit?: number,
    requestOptions?: RequestOptionsInput,
  ): Promise<MigrateResult> {
    const context = this.#context;
    const description = context.describe('migrate', country, requestOptions);
    const pageLimit = parseLimit(limit);
    const version = this.#currentVersion();
    const body = async (call: StorageCall): Promise<MigrateResult> => {
      const job = { codec: context.codec, version: await version() };
      const options = { limit: pageLimit, offset: 0 };
      const page = await sendRawFind(call, { filter: pendingFilter(job.version, []), options });
      const outcome = await migratePage(call, job, page.data);
      const errors: FindError[] = outcome.failures.map(({ error, rawData }) => ({
        error,
        rawData,
      }));
      const result = { migrated: outcome.migrated, totalLeft: page.meta.total - outcome.migrated };
      return errors.length === 0 ? result : { ...result, errors };
    };
    return context.run(description, body, (result) => result.migrated);
  }

  /**
   * Migrates every record of a country that can be: pages of `pageSize` records, up to
   * `concurrency` at once, until none is left on an old version. Records that cannot be
   * decrypted (or re-encrypted unchanged) are reported in `failures` and left alone, never
   * retried in the same run, so the run always ends. Stop it with `signal`; call it again to
   * resume: what was written stays migrated, the rest is found again.
   *
   * @param country The country code.
   * @param options `pageSize`, `concurrency`, `maxFailures`, `onProgress`, `signal`, `headers`.
   * @returns `{ migrated, failed, skipped, conflicts, totalLeft, failures, complete }`.
   * @throws {InputValidationError} A bad country or option.
   * @throws {StorageClientError} Encryption is not `LOCAL` with a secret key accessor.
   * @throws {StorageNetworkError} `signal` aborted the run; pages in flight were aborted too.
   * @throws {StorageServerError} A request failed (see `migrate`); the run stops there.
   * @example
   * ```ts
   * const result = await migrator.migrateAll('de', {
   *   concurrency: 4,
   *   onProgress: ({ migrated, totalLeft }) => console.log(`${migrated} done, ${totalLeft} left`),
   * });
   * if (result.failed > 0) console.warn(result.failures.map((failure) => failure.error.message));
   * ```
   */
  async migrateAll(country: string, options?: MigrateAllOptions): Promise<MigrateAllResult> {
    const context = this.#context;
    const { plan, requestOptions } = parseMigrateAllOptions(options);
    const description = context.describe('migrateAll', country, requestOptions);
    const currentVersion = this.#currentVersion();
    return runMigration({ context, description, plan, currentVersion });
  }

  /** Checks that records can be migrated, and returns how to read the current version. */
  #currentVersion(): () => Promise<number> {
    const secrets = this.#secrets;
    if (this.#context.input.encryption !== EncryptionType.LOCAL || secrets === undefined) {
      throw new StorageClientError(ENCRYPTION_REQUIRED);
    }
    return async () => (await secrets.getSecrets()).currentVersion;
  }
}
