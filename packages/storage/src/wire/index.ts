// The public surface of @residency/storage/wire: the valibot shapes of every request and
// response body of the storage API (protocol.md §1–§4), shared by the SDK (to check responses)
// and apps/server (to check requests). Requests are precise, responses lenient, as the SDKs are.
// Beside them, the one rule both sides apply to an upload without a type: `mimeTypeForFileName`.
// Every schema sets its own messages: they name the field and the rule, never the value.
// Left out on purpose: the field-schema builders (wire-values.ts, record-entries.ts).

export type { ApiRecord } from './api-record.ts';
export { ApiRecordSchema } from './api-record.ts';
export type { AttachmentMetaUpdateRequest, WireAttachmentMeta } from './attachment-meta.ts';
export { AttachmentMetaSchema, AttachmentMetaUpdateRequestSchema } from './attachment-meta.ts';
export type { BatchDeleteRequest } from './batch-delete-request.ts';
export { BatchDeleteRequestSchema } from './batch-delete-request.ts';
export type { BatchWriteRequest, BatchWriteResponse } from './batch-write.ts';
export {
  BatchWriteRequestSchema,
  BatchWriteResponseSchema,
  MAX_BATCH_RECORDS,
} from './batch-write.ts';
export type { ConditionalApiRecord } from './conditional-write.ts';
export {
  EXPECTED_UPDATED_AT_FIELD,
  PRECONDITION_FAILED_STATUS,
  preconditionIndex,
  preconditionSource,
} from './conditional-write.ts';
export type { CountriesResponse } from './countries-response.ts';
export { CountriesResponseSchema } from './countries-response.ts';
export type { ErrorBody } from './error-body.ts';
export { ErrorBodySchema } from './error-body.ts';
export type {
  FindRequest,
  FindRequestFilter,
  FindRequestSortItem,
  SortDirection,
} from './find-request.ts';
export { FindRequestSchema, MAX_FIND_LIMIT } from './find-request.ts';
export type { FindResponse } from './find-response.ts';
export { FindResponseSchema } from './find-response.ts';
export { DEFAULT_MIME_TYPE, mimeTypeForFileName } from './mime-type.ts';
export type { ServerRecord, WriteResponse } from './server-record.ts';
export { ServerRecordSchema, WriteResponseSchema } from './server-record.ts';
export type { TokenResponse } from './token-response.ts';
export { TokenResponseSchema } from './token-response.ts';
export type { WireDateOptions } from './wire-date.ts';
export { isWireDate, parseWireDate } from './wire-date.ts';
export type {
  AlwaysHashedField,
  KeyField,
  RangeKeyField,
  SearchKeyField,
  ServiceKeyField,
  SortField,
} from './wire-fields.ts';
export {
  ALWAYS_HASHED_FIELDS,
  KEY_FIELDS,
  RANGE_KEY_FIELDS,
  SEARCH_KEY_FIELDS,
  SERVICE_KEY_FIELDS,
  SORT_FIELDS,
} from './wire-fields.ts';
export { describeWireIssues } from './wire-issues.ts';
export { MAX_KEY_LENGTH } from './wire-values.ts';
