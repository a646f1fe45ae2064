// The options and results of `AttachmentStorage` (the seed's return shapes, camelCase).

import type { AttachmentMeta, HttpDebugFields, RecordStorageOptions } from '@residency/storage';
import type { FileOpener } from './upload-source.ts';

/** The largest upload by default: 100 MiB, the seed's limit (protocol.md §4.8). */
export const DEFAULT_MAX_ATTACHMENT_SIZE = 104_857_600;

/** Options of an `AttachmentStorage`: those of `RecordStorage`, plus the upload limit. */
export interface AttachmentStorageOptions extends RecordStorageOptions {
  /**
   * The largest upload, in bytes; default 104 857 600 (100 MiB). The server has a setting of
   * the same name and meaning and answers 413 past its own.
   */
  readonly maxAttachmentSize?: number | undefined;
  /**
   * Opens a file path given as `file`. The Node entry's `AttachmentStorage` reads the file
   * system; elsewhere paths are refused unless you pass one (Deno, Bun, a virtual file system).
   */
  readonly openFile?: FileOpener | undefined;
}

/** The result of `addAttachment`, `getAttachmentMeta` and `updateAttachmentMeta`. */
export interface AttachmentMetaResult extends HttpDebugFields {
  /** The attachment's metadata, dates as `Date`s. */
  readonly attachmentMeta: AttachmentMeta;
}

/** A downloaded attachment. */
export interface AttachmentData {
  /** The file name from `Content-Disposition` (base name only, Unicode intact); `file` if none. */
  readonly filename: string;
  /**
   * The content, streamed as it arrives: read it once (`readAttachmentBytes`, `toNodeReadable`
   * in Node, `new Response(file)`), or cancel it to free the connection.
   */
  readonly file: ReadableStream<Uint8Array>;
}

/** The result of `getAttachmentFile`. */
export interface AttachmentFileResult extends HttpDebugFields {
  /** The file name and the content stream. */
  readonly attachmentData: AttachmentData;
}
