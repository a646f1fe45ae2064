// The Node entry of @residency/sdk (the "node" export condition): every name of the default
// entry, whose list in index.ts stays the one public list, plus `toNodeReadable`. In Node the
// layers resolve to their own Node entries too, so `addAttachment` also takes a file path.

export { toNodeReadable } from '@residency/attachments';
export * from './index.ts';
