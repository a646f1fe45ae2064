// The public surface of @residency/attachments: files on records, streamed both ways. This is
// the runtime-agnostic entry (web platform only); the Node entry (index.node.ts, the "node"
// export condition) has the same names, with file paths accepted, plus `toNodeReadable`.
// Left out on purpose: the multipart encoder and the Content-Disposition helpers, which the
// tests import directly.

export type { AddAttachmentOptions, AttachmentMetaUpdate } from './attachment-input.ts';
export { AttachmentStorage } from './attachment-storage.ts';
export type {
  AttachmentData,
  AttachmentFileResult,
  AttachmentMetaResult,
  AttachmentStorageOptions,
} from './attachment-storage-types.ts';
export { DEFAULT_MAX_ATTACHMENT_SIZE } from './attachment-storage-types.ts';
export { readAttachmentBytes } from './download-stream.ts';
export type { AttachmentFile, FileOpener, UploadSource } from './upload-source.ts';
