// `@residency/storage/internal`: the lower-level API the packages layered on storage build on
// (@residency/attachments, @residency/migrate; the facade builds one StorageContext for all
// three; tools/check-deps.ts refuses this subpath to any other package): running records calls with the storage's
// checks, paths, debug info and logging; streamed and raw requests; finds that keep the raw
// records (with their `updated_at`); the conditional batch write; the input-check helpers whose
// messages name the field, never the value. Applications use
// `RecordStorage` or the facade, which re-exports none of this; it may change in any release
// (the @residency packages ship together, one version).

export type {
  ConditionalRecord,
  ConditionalWriteConflict,
  ConditionalWriteDone,
  ConditionalWriteResult,
} from './conditional-batch-write.ts';
export { sendConditionalBatchWrite } from './conditional-batch-write.ts';
export { debugValue, withHttpResponses } from './debug-responses.ts';
export type { DecodedRecords, FindRequestBody } from './find-records.ts';
export { decodeFound, sendRawFind, toDecodeError } from './find-records.ts';
export { inputError, joinPath, parseInput, strictObjectMessage } from './input-issues.ts';
export { fromWireAttachment } from './record-from-wire.ts';
export type {
  CallDescription,
  CallOutcome,
  CallRequest,
  StorageCallSettings,
} from './storage-call.ts';
export { runStorageCall, StorageCall } from './storage-call.ts';
export type { RecordPath } from './storage-context.ts';
export { StorageContext } from './storage-context.ts';
