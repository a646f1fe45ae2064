import { AttachmentStorage } from '@residency/attachments';
import { Migrator } from '@residency/migrate';
import type { SecretKeyAccessor } from '@residency/secrets';
import { RecordStorage, type RecordStorageOptions } from '@residency/storage';
import { StorageContext } from '@residency/storage/internal';

/** What the `Storage` constructor takes; `createStorage` builds it from validated options. */
export interface StorageConstructorOptions extends RecordStorageOptions {
  /** The secrets: `migrate` and `migrateAll` re-encrypt to their current version. */
  readonly secretKeyAccessor?: SecretKeyAccessor | undefined;
  /** The largest upload, in bytes; default 104 857 600. */
  readonly maxAttachmentSize?: number | undefined;
}

/** The methods `Storage` takes from `RecordStorage`, unchanged. */
type RecordMethod =
  | 'write'
  | 'batchWrite'
  | 'read'
  | 'find'
  | 'findOne'
  | 'iterate'
  | 'delete'
  | 'batchDelete'
  | 'healthCheck';

/** The methods `Storage` takes from `AttachmentStorage`, unchanged. */
type AttachmentMethod =
  | 'addAttachment'
  | 'deleteAttachment'
  | 'getAttachmentFile'
  | 'getAttachmentMeta'
  | 'updateAttachmentMeta';

/** The methods `Storage` takes from `Migrator`, unchanged. */
type MigrationMethod = 'migrate' | 'migrateAll';

const RECORD_METHODS: readonly RecordMethod[] = [
  'write',
  'batchWrite',
  'read',
  'find',
  'findOne',
  'iterate',
  'delete',
  'batchDelete',
  'healthCheck',
];
const ATTACHMENT_METHODS: readonly AttachmentMethod[] = [
  'addAttachment',
  'deleteAttachment',
  'getAttachmentFile',
  'getAttachmentMeta',
  'updateAttachmentMeta',
];
const MIGRATION_METHODS: readonly MigrationMethod[] = ['migrate', 'migrateAll'];

/**
 * Puts methods of a part on the facade's prototype: each calls the part's own method, so its
 * signature and doc comment are the part's (declared through the `Pick`s of `Storage` below),
 * never a copy that can drift. The three parts are composed alike, records included.
 */
function delegate<TPart extends object, TName extends keyof TPart & string>(
  prototype: object,
  part: (storage: Storage) => TPart,
  names: readonly TName[],
): void {
  for (const name of names) {
    Object.defineProperty(prototype, name, {
      configurable: true,
      writable: true,
      value: function (this: Storage, ...args: unknown[]): unknown {
        const owner = part(this);
        return (owner[name] as (...args: unknown[]) => unknown).apply(owner, args);
      },
    });
  }
}

// The methods of the three parts, typed and documented by their owners; the static block of the
// class defines them. Declaration merging is how TypeScript types a mixin.
export interface Storage
  extends Pick<RecordStorage, RecordMethod>,
    Pick<AttachmentStorage, AttachmentMethod>,
    Pick<Migrator, MigrationMethod> {}

/**
 * The storage API of one environment, each method taking the country first (the seed's
 * `Storage`): the records calls `write`, `batchWrite`, `read`, `find`, `findOne`, `iterate`,
 * `delete`, `batchDelete`, `healthCheck`; attachments `addAttachment`, `deleteAttachment`,
 * `getAttachmentFile`, `getAttachmentMeta`, `updateAttachmentMeta`; key rotation `migrate` and
 * `migrateAll`. Create it with `createStorage`, which validates the options and the secrets up
 * front; the constructor takes a ready transport and codec and checks neither.
 *
 * With `debug: true` every result also carries the HTTP response info under
 * `Storage.HTTP_DEBUG_KEY` (`'httpResponse'`).
 *
 * @example
 * ```ts
 * import { createStorage, SecretKeyAccessor } from '@residency/sdk';
 *
 * const storage = await createStorage({
 *   environmentId: '<environment id>',
 *   clientId: '<client id>',
 *   clientSecret: '<client secret>',
 *   secretKeyAccessor: new SecretKeyAccessor(() => '<encryption secret>'),
 * });
 * await storage.write('de', { recordKey: 'user-1', body: '{"name":"Ada"}', key1: 'Berlin' });
 * const { record } = await storage.read('de', 'user-1');
 * ```
 */
export class Storage {
  /** The key of the HTTP response info in results of a `debug: true` storage. */
  static readonly HTTP_DEBUG_KEY: typeof RecordStorage.HTTP_DEBUG_KEY =
    RecordStorage.HTTP_DEBUG_KEY;
  readonly #records: RecordStorage;
  readonly #attachments: AttachmentStorage;
  readonly #migrator: Migrator;

  /**
   * Creates the storage from a ready transport and codec (use `createStorage`). Its three parts,
   * records, attachments and migration, share one context built once from `options`.
   *
   * @param options Transport, codec, `debug`, logger, secret key accessor, `maxAttachmentSize`.
   * @throws {StorageConfigValidationError} The codec or transport is missing, `debug` is not a
   *   boolean, or `maxAttachmentSize` is not a whole number ≥ 1.
   */
  constructor(options: StorageConstructorOptions) {
    const context = new StorageContext(options);
    this.#records = new RecordStorage(options, context);
    this.#attachments = new AttachmentStorage(options, context);
    this.#migrator = new Migrator(options, context);
  }

  static {
    delegate<RecordStorage, RecordMethod>(
      Storage.prototype,
      (storage) => storage.#records,
      RECORD_METHODS,
    );
    delegate<AttachmentStorage, AttachmentMethod>(
      Storage.prototype,
      (storage) => storage.#attachments,
      ATTACHMENT_METHODS,
    );
    delegate<Migrator, MigrationMethod>(
      Storage.prototype,
      (storage) => storage.#migrator,
      MIGRATION_METHODS,
    );
  }
}
