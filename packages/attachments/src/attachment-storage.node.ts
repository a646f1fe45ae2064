import type { StorageContext } from '@residency/storage/internal';
import { AttachmentStorage as WebAttachmentStorage } from './attachment-storage.ts';
import type { AttachmentStorageOptions } from './attachment-storage-types.ts';
import { openFile } from './open-file.node.ts';

/**
 * `AttachmentStorage` in Node: `file` may also be a path, read from the file system (a given
 * `openFile` still wins), and every upload is streamed, bytes and `Blob`s too (no copy, and the
 * timeout counts from the last chunk sent).
 *
 * @example
 * ```ts
 * const attachments = new AttachmentStorage({ transport, codec });
 * await attachments.addAttachment('de', 'user-1', './contract.pdf');
 * ```
 */
export class AttachmentStorage extends WebAttachmentStorage {
  /**
   * Creates the attachments client, with file paths read from the file system.
   *
   * @param options As for the default entry's `AttachmentStorage`.
   * @param context As for the default entry's `AttachmentStorage`.
   * @throws {StorageConfigValidationError} As for the default entry's `AttachmentStorage`.
   */
  constructor(options: AttachmentStorageOptions, context?: StorageContext) {
    super({ ...options, openFile: options.openFile ?? openFile }, context);
  }

  /** Node sends request streams over HTTP/1.1: everything is streamed. */
  protected override get composesBlobs(): boolean {
    return false;
  }
}
