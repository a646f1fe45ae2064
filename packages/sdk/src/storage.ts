import {
  type AddAttachmentOptions,
  type AttachmentFile,
  type AttachmentFileResult,
  type AttachmentMetaResult,
  type AttachmentMetaUpdate,
  AttachmentStorage,
} from '@residency/attachments';
import {
  type MigrateAllOptions,
  type MigrateAllResult,
  type MigrateResult,
  Migrator,
} from '@residency/migrate';
import type { SecretKeyAccessor } from '@residency/secrets';
import {
  RecordStorage,
  type RecordStorageOptions,
  type RequestOptionsInput,
  type SuccessResult,
} from '@residency/storage';

/** What the `Storage` constructor takes; `createStorage` builds it from validated options. */
export interface StorageConstructorOptions extends RecordStorageOptions {
  /** The secrets: `migrate` and `migrateAll` re-encrypt to their current version. */
  readonly secretKeyAccessor?: SecretKeyAccessor | undefined;
  /** The largest upload, in bytes; default 104 857 600. */
  readonly maxAttachmentSize?: number | undefined;
}

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
export class Storage extends RecordStorage {
  readonly #attachments: AttachmentStorage;
  readonly #migrator: Migrator;

  /**
   * Creates the storage from a ready transport and codec (use `createStorage`).
   *
   * @param options Transport, codec, `debug`, logger, secret key accessor, `maxAttachmentSize`.
   * @throws {StorageConfigValidationError} The codec or transport is missing, `debug` is not a
   *   boolean, or `maxAttachmentSize` is not a whole number ≥ 1.
   */
  constructor(options: StorageConstructorOptions) {
    super(options);
    this.#attachments = new AttachmentStorage(options);
    this.#migrator = new Migrator(options);
  }

  /**
   * Attaches a file to an existing record, streamed: memory stays flat whatever the size
   * (`POST …/{record_key}/attachments`; `PUT` with `upsert`, which replaces the record's
   * attachment of the same file name).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param file A `Blob`/`File`, a `Uint8Array`, a web `ReadableStream`, a Node `Readable` (any
   *   async iterable of bytes) or, in Node, a file path.
   * @param options `fileName` (default the file's own name, else `file`), `mimeType` (default
   *   the `Blob`'s type, else `application/octet-stream`), `upsert`.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ attachmentMeta }`: `fileId`, `filename`, `mimeType`, `size`, `hash`,
   *   `downloadLink`, `createdAt`, `updatedAt`.
   * @throws {InputValidationError} A bad argument, or a file over `options.maxAttachmentSize`
   *   (before sending when the size is known: `Blob`, bytes, path).
   * @throws {StorageServerError} `status` 404: no such record; 413: over the server's limit;
   *   other failures as for `write`.
   * @example
   * ```ts
   * const { attachmentMeta } = await storage.addAttachment('de', 'user-1', './contract.pdf');
   * await storage.addAttachment('de', 'user-1', new Blob(['v2']), { fileName: 'notes.txt', upsert: true });
   * ```
   */
  addAttachment(
    country: string,
    recordKey: string,
    file: AttachmentFile,
    options?: AddAttachmentOptions,
    requestOptions?: RequestOptionsInput,
  ): Promise<AttachmentMetaResult> {
    return this.#attachments.addAttachment(country, recordKey, file, options, requestOptions);
  }

  /**
   * Deletes an attachment (`DELETE …/attachments/{file_id}`).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param fileId The attachment's `fileId`.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ success: true }`.
   * @throws {InputValidationError} A bad argument.
   * @throws {StorageServerError} `status` 404 when the record or the file does not exist.
   */
  deleteAttachment(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptionsInput,
  ): Promise<SuccessResult> {
    return this.#attachments.deleteAttachment(country, recordKey, fileId, requestOptions);
  }

  /**
   * Downloads an attachment as a stream (`GET …/attachments/{file_id}`).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param fileId The attachment's `fileId`.
   * @param requestOptions Custom headers, and a signal that also aborts reading `file`.
   * @returns `{ attachmentData: { filename, file } }`: the name from `Content-Disposition`
   *   (base name only), the content as a web `ReadableStream` (`readAttachmentBytes`, or
   *   `toNodeReadable` in Node).
   * @throws {InputValidationError} A bad argument.
   * @throws {StorageServerError} `status` 404 when the record or the file does not exist.
   * @example
   * ```ts
   * const { attachmentData } = await storage.getAttachmentFile('de', 'user-1', fileId);
   * const bytes = await readAttachmentBytes(attachmentData.file);
   * ```
   */
  getAttachmentFile(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptionsInput,
  ): Promise<AttachmentFileResult> {
    return this.#attachments.getAttachmentFile(country, recordKey, fileId, requestOptions);
  }

  /**
   * Reads an attachment's metadata (`GET …/attachments/{file_id}/meta`).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param fileId The attachment's `fileId`.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ attachmentMeta }`.
   * @throws {InputValidationError} A bad argument.
   * @throws {StorageServerError} `status` 404 when the record or the file does not exist.
   */
  getAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptionsInput,
  ): Promise<AttachmentMetaResult> {
    return this.#attachments.getAttachmentMeta(country, recordKey, fileId, requestOptions);
  }

  /**
   * Renames or re-types an attachment (`PATCH …/attachments/{file_id}/meta`).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param fileId The attachment's `fileId`.
   * @param meta `{ fileName?, mimeType? }`, at least one.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ attachmentMeta }`, as changed.
   * @throws {InputValidationError} A bad argument, or neither `fileName` nor `mimeType`.
   * @throws {StorageServerError} `status` 404 when the record or the file does not exist.
   */
  updateAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    meta: AttachmentMetaUpdate,
    requestOptions?: RequestOptionsInput,
  ): Promise<AttachmentMetaResult> {
    return this.#attachments.updateAttachmentMeta(country, recordKey, fileId, meta, requestOptions);
  }

  /**
   * Re-encrypts up to `limit` records whose secret version is not the current one, as the
   * seed's `migrate`: one find, one batch write (conditional: a record changed meanwhile is
   * re-read, never overwritten). Needs `encrypt: LOCAL`.
   *
   * @param country The country code.
   * @param limit How many records, 1..100; default 100.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ migrated, totalLeft, errors? }`; `errors` lists records that could not be
   *   decrypted (or re-encrypted unchanged), with their raw data.
   * @throws {InputValidationError} A bad argument.
   * @throws {StorageClientError} Encryption is not `LOCAL` ("This method is only allowed with
   *   encryption enabled").
   * @throws {StorageServerError} A request failed (see `write`).
   * @example
   * ```ts
   * const { migrated, totalLeft } = await storage.migrate('de', 50);
   * ```
   */
  migrate(
    country: string,
    limit?: number,
    requestOptions?: RequestOptionsInput,
  ): Promise<MigrateResult> {
    return this.#migrator.migrate(country, limit, requestOptions);
  }

  /**
   * Re-encrypts every record of a country to the current secret version: pages of `pageSize`,
   * `concurrency` at once, progress after each page. Records that cannot be decrypted are
   * reported in `failures` and skipped, so the run always ends; `signal` stops it, and calling
   * again resumes. Never overwrites a record changed since it was read (our server's
   * conditional write; see the README for other servers). Needs `encrypt: LOCAL`.
   *
   * @param country The country code.
   * @param options `pageSize` (1..100, 100), `concurrency` (1..16, 1), `maxFailures` (1000),
   *   `onProgress`, `signal`, `headers`.
   * @returns `{ migrated, failed, skipped, conflicts, totalLeft, failures, complete }`.
   * @throws {InputValidationError} A bad argument.
   * @throws {StorageClientError} Encryption is not `LOCAL`.
   * @throws {StorageNetworkError} `signal` aborted the run.
   * @throws {StorageServerError} A request failed (see `write`); run again to resume.
   * @example
   * ```ts
   * const controller = new AbortController();
   * const result = await storage.migrateAll('de', {
   *   concurrency: 4,
   *   signal: controller.signal,
   *   onProgress: ({ migrated, failed, totalLeft }) => console.log(migrated, failed, totalLeft),
   * });
   * ```
   */
  migrateAll(country: string, options?: MigrateAllOptions): Promise<MigrateAllResult> {
    return this.#migrator.migrateAll(country, options);
  }
}
