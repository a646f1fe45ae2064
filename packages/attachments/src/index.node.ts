// The Node entry of @residency/attachments: the default entry's names, with an
// `AttachmentStorage` that also reads file paths, plus `toNodeReadable` and `openFile`. Keep
// this list in step with src/index.ts.

export type { AddAttachmentOptions, AttachmentMetaUpdate } from './attachment-input.ts';
export { AttachmentStorage } from './attachment-storage.node.ts';
export type {
  AttachmentData,
  AttachmentFileResult,
  AttachmentMetaResult,
  AttachmentStorageOptions,
} from './attachment-storage-types.ts';
export { DEFAULT_MAX_ATTACHMENT_SIZE } from './attachment-storage-types.ts';
export { readAttachmentBytes } from './download-stream.ts';
export { toNodeReadable } from './node-readable.node.ts';
export { openFile } from './open-file.node.ts';
export type { AttachmentFile, FileOpener, UploadSource } from './upload-source.ts';
