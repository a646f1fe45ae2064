import { StorageConfigValidationError } from '@residency/errors';
import { AttachmentMetaSchema, mimeTypeForFileName } from '@residency/protocol';
import type { RequestOptionsInput, SuccessResult } from '@residency/storage';
import { fromWireAttachment, type StorageCall, StorageContext } from '@residency/storage/internal';
import type { StreamBody } from '@residency/transport';
import {
  type AddAttachmentOptions,
  type AttachmentMetaUpdate,
  parseAddOptions,
  parseFileId,
  parseMetaUpdate,
} from './attachment-input.ts';
import { attachmentPath, describeAttachmentCall } from './attachment-paths.ts';
import {
  type AttachmentFileResult,
  type AttachmentMetaResult,
  type AttachmentStorageOptions,
  DEFAULT_MAX_ATTACHMENT_SIZE,
} from './attachment-storage-types.ts';
import { DEFAULT_FILE_NAME, fileNameFromDisposition } from './content-disposition.ts';
import { downloadStream } from './download-stream.ts';
import { multipartBlob, multipartBody, tooLargeError } from './multipart-body.ts';
import {
  type AttachmentFile,
  type FileOpener,
  toUploadSource,
  type UploadSource,
} from './upload-source.ts';

const SIZE_RULE = 'maxAttachmentSize must be a whole number of bytes ≥ 1';

function checkOptions(options: AttachmentStorageOptions): {
  maxSize: number;
  openFile: FileOpener | undefined;
} {
  const { maxAttachmentSize = DEFAULT_MAX_ATTACHMENT_SIZE, openFile } = options;
  if (!Number.isSafeInteger(maxAttachmentSize) || maxAttachmentSize < 1) {
    throw new StorageConfigValidationError(SIZE_RULE);
  }
  if (openFile !== undefined && typeof openFile !== 'function') {
    throw new StorageConfigValidationError('openFile must be a function');
  }
  return { maxSize: maxAttachmentSize, openFile };
}

/**
 * The upload body: names and type resolved, a size known up front checked before anything is
 * sent; a composed `Blob` when asked and the source has one, else a stream. The type is the
 * caller's, else the `Blob`'s own, else the one the file name's extension gives (as the Node
 * SDK's `form-data` guesses it), so the server stores the same type whichever runtime sent it.
 */
function uploadBody(
  source: UploadSource,
  options: AddAttachmentOptions,
  maxSize: number,
  composeBlobs: boolean,
): StreamBody {
  if (source.size !== undefined && source.size > maxSize) throw tooLargeError(maxSize);
  const fileName = options.fileName ?? source.name ?? DEFAULT_FILE_NAME;
  const mimeType = options.mimeType ?? source.type ?? mimeTypeForFileName(fileName);
  const upload = { source, fileName, mimeType, maxSize };
  const { blob } = source;
  return composeBlobs && blob !== undefined ? multipartBlob(upload, blob) : multipartBody(upload);
}

/**
 * Files attached to records (protocol.md §4.8, §4.9): add or replace, download, read and change
 * the metadata, delete. Uploads and downloads stream: memory stays flat whatever the size.
 * Record keys are hashed as in every records call (raw in SSE mode); every argument is checked
 * before any request; answers are validated with the wire schemas.
 *
 * @example
 * ```ts
 * const attachments = new AttachmentStorage({ transport, codec });
 * const { attachmentMeta } = await attachments.addAttachment('de', 'user-1', new Blob(['hi']), {
 *   fileName: 'hello.txt',
 *   mimeType: 'text/plain',
 * });
 * const { attachmentData } = await attachments.getAttachmentFile('de', 'user-1', attachmentMeta.fileId);
 * ```
 */
export class AttachmentStorage {
  readonly #context: StorageContext;
  readonly #maxSize: number;
  readonly #openFile: FileOpener | undefined;

  /**
   * Creates the attachments client.
   *
   * @param options Transport, codec, `debug`, logger, `maxAttachmentSize`, `openFile`.
   * @param context The context built from these same options, when a composition (the facade)
   *   shares one with its `RecordStorage`; by default its own.
   * @throws {StorageConfigValidationError} A missing codec or transport, a bad `debug`,
   *   `maxAttachmentSize` not a whole number ≥ 1, or `openFile` not a function.
   */
  constructor(
    options: AttachmentStorageOptions,
    context: StorageContext = new StorageContext(options),
  ) {
    this.#context = context;
    const checked = checkOptions(options);
    this.#maxSize = checked.maxSize;
    this.#openFile = checked.openFile;
  }

  /** The largest upload, in bytes. */
  get maxAttachmentSize(): number {
    return this.#maxSize;
  }

  /**
   * Whether a `Blob` or bytes go out as one composed `Blob` rather than a stream: `true` here,
   * since browsers send request streams only over HTTP/2 (Chromium) or not at all (Firefox,
   * Safari), while a `File` composed into a `Blob` is sent from disk, uncopied. The Node entry
   * streams everything.
   */
  protected get composesBlobs(): boolean {
    return true;
  }

  /**
   * Attaches a file to a record, streaming it (`POST …/{record_key}/attachments`, or `PUT` with
   * `upsert`: replaces the record's attachment of the same file name).
   *
   * @param country The country code.
   * @param recordKey The record's key; the record must exist.
   * @param file A `Blob`/`File`, `Uint8Array`, web `ReadableStream`, async iterable of bytes (a
   *   Node `Readable`), or a path (Node only).
   * @param options `fileName` (default the file's own name, else `file`), `mimeType` (default
   *   the `Blob`'s type, else the one the file name's extension gives, else
   *   `application/octet-stream`), `upsert`.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ attachmentMeta }`: `fileId`, `filename`, `mimeType`, `size`, `hash`,
   *   `downloadLink`, `createdAt`, `updatedAt`.
   * @throws {InputValidationError} A bad argument; a file over `maxAttachmentSize` (before
   *   sending when its size is known: `Blob`, bytes, path; else as soon as the limit is passed).
   * @throws {StorageServerError} `status` 404 when the record does not exist, 413 when the
   *   server's limit is passed; other failures as for `RecordStorage.write`.
   * @example
   * ```ts
   * const { attachmentMeta } = await storage.addAttachment('de', 'user-1', './contract.pdf');
   * await storage.addAttachment('de', 'user-1', new Blob(['v2']), { fileName: 'notes.txt', upsert: true });
   * ```
   */
  async addAttachment(
    country: string,
    recordKey: string,
    file: AttachmentFile,
    options?: AddAttachmentOptions,
    requestOptions?: RequestOptionsInput,
  ): Promise<AttachmentMetaResult> {
    const context = this.#context;
    const description = context.describe('addAttachment', country, requestOptions);
    const path = attachmentPath(context.recordPath(recordKey));
    const parsed = parseAddOptions(options);
    const source = await toUploadSource(file, this.#openFile);
    const body = uploadBody(source, parsed, this.#maxSize, this.composesBlobs);
    const method = parsed.upsert === true ? 'PUT' : 'POST';
    return context.run(description, async (call) => {
      const meta = await call.request({ method, ...path, stream: body }, AttachmentMetaSchema);
      return { attachmentMeta: fromWireAttachment(meta) };
    });
  }

  /**
   * Deletes an attachment (`DELETE …/attachments/{file_id}`).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param fileId The attachment's id.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ success: true }`.
   * @throws {InputValidationError} A bad argument.
   * @throws {StorageServerError} `status` 404 when the record or file does not exist.
   */
  async deleteAttachment(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptionsInput,
  ): Promise<SuccessResult> {
    const context = this.#context;
    const description = context.describe('deleteAttachment', country, requestOptions);
    const path = attachmentPath(context.recordPath(recordKey), parseFileId(fileId));
    return context.run(description, async (call) => {
      await call.send({ method: 'DELETE', ...path });
      return { success: true as const };
    });
  }

  /**
   * Downloads an attachment (`GET …/attachments/{file_id}`) as a stream: nothing is buffered,
   * the caller reads (or cancels) `file`.
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param fileId The attachment's id.
   * @param requestOptions Custom headers, and a signal that also aborts reading `file`.
   * @returns `{ attachmentData: { filename, file } }`: the name from `Content-Disposition`
   *   (base name only), the content as a web `ReadableStream` (`readAttachmentBytes`, or
   *   `toNodeReadable` in Node).
   * @throws {InputValidationError} A bad argument.
   * @throws {StorageServerError} `status` 404 when the record or file does not exist.
   * @example
   * ```ts
   * const { attachmentData } = await storage.getAttachmentFile('de', 'user-1', fileId);
   * const bytes = await readAttachmentBytes(attachmentData.file);
   * ```
   */
  async getAttachmentFile(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptionsInput,
  ): Promise<AttachmentFileResult> {
    const context = this.#context;
    const description = context.describe('getAttachmentFile', country, requestOptions);
    const path = attachmentPath(context.recordPath(recordKey), parseFileId(fileId));
    const label = describeAttachmentCall('GET', description.country, path);
    const { signal } = description.requestOptions;
    return context.run(description, async (call: StorageCall) => {
      const { response } = await call.fetch({ method: 'GET', ...path });
      const filename = fileNameFromDisposition(response.headers.get('content-disposition'));
      const file = downloadStream(response.body, label, signal);
      return { attachmentData: { filename, file } };
    });
  }

  /**
   * Reads an attachment's metadata (`GET …/attachments/{file_id}/meta`).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param fileId The attachment's id.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ attachmentMeta }`.
   * @throws {InputValidationError} A bad argument.
   * @throws {StorageServerError} `status` 404 when the record or file does not exist.
   */
  async getAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions?: RequestOptionsInput,
  ): Promise<AttachmentMetaResult> {
    const context = this.#context;
    const description = context.describe('getAttachmentMeta', country, requestOptions);
    const path = attachmentPath(context.recordPath(recordKey), parseFileId(fileId), true);
    return context.run(description, async (call) => {
      const meta = await call.request({ method: 'GET', ...path }, AttachmentMetaSchema);
      return { attachmentMeta: fromWireAttachment(meta) };
    });
  }

  /**
   * Renames or re-types an attachment (`PATCH …/attachments/{file_id}/meta`).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param fileId The attachment's id.
   * @param meta `{ fileName?, mimeType? }`, at least one.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ attachmentMeta }`, as changed.
   * @throws {InputValidationError} A bad argument, or neither `fileName` nor `mimeType`.
   * @throws {StorageServerError} `status` 404 when the record or file does not exist.
   */
  async updateAttachmentMeta(
    country: string,
    recordKey: string,
    fileId: string,
    meta: AttachmentMetaUpdate,
    requestOptions?: RequestOptionsInput,
  ): Promise<AttachmentMetaResult> {
    const context = this.#context;
    const description = context.describe('updateAttachmentMeta', country, requestOptions);
    const path = attachmentPath(context.recordPath(recordKey), parseFileId(fileId), true);
    const json = parseMetaUpdate(meta);
    return context.run(description, async (call) => {
      const changed = await call.request({ method: 'PATCH', ...path, json }, AttachmentMetaSchema);
      return { attachmentMeta: fromWireAttachment(changed) };
    });
  }
}
