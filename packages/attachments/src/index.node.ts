// The Node entry of @residency/attachments: every name of the default entry, whose list in
// index.ts stays the one public list, with an `AttachmentStorage` that also reads file paths,
// plus `toNodeReadable` and `openFile`. A local export shadows the same name from `export *`,
// so only the overrides are written here.

export { AttachmentStorage } from './attachment-storage.node.ts';
export * from './index.ts';
export { toNodeReadable } from './node-readable.node.ts';
export { openFile } from './open-file.node.ts';
