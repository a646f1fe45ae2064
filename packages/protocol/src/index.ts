// The public surface of @residency/protocol: the wire contract that the client (transport,
// storage, attachments, migrate) and apps/server share, written once (style.md §15): the exact
// JSON codec, the signed 64-bit limits of range keys (protocol.md §5.1), and the valibot shapes of
// every request and response body of the storage API (protocol.md §1–§4). Requests are precise,
// responses lenient, as the SDKs are. Beside them, the one rule both sides apply to an upload
// without a type: `mimeTypeForFileName`; the route paths; the find-filter grammar
// (`parseFindFilter`) both sides check filters with; and the helpers both sides need to say what
// is wrong without quoting a value (`describeIssues`, `isPlainObject`, `joinJsonPath`). Every
// schema sets its own messages: they name the field and the rule, never the value. The
// field-schema builders (`wireObject`, `nonEmptyString`, …) are exported for the client's own
// shapes of the same bodies (storage's write echo).

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
export { codePointLength } from './code-points.ts';
export type { ConditionalApiRecord } from './conditional-write.ts';
export {
  EXPECTED_UPDATED_AT_FIELD,
  PRECONDITION_FAILED_STATUS,
  preconditionIndex,
  preconditionSource,
} from './conditional-write.ts';
export type { CountriesResponse, CountryEntry } from './countries-response.ts';
export { CountriesResponseSchema } from './countries-response.ts';
export type { ErrorBody } from './error-body.ts';
export { ErrorBodySchema } from './error-body.ts';
export type { FilterCondition } from './filter-condition.ts';
export type { FilterContext } from './find-filter.ts';
export { MAX_FILTER_OPERANDS, MAX_OR_ITEMS, parseFindFilter } from './find-filter.ts';
export {
  filterRuleError,
  filterRuleOf,
  MAX_FILTER_LIST,
  MAX_FILTER_STRING,
  RANGE_OPERATORS,
} from './find-filter-values.ts';
export type {
  FindRequest,
  FindRequestFilter,
  FindRequestSortItem,
  SortDirection,
} from './find-request.ts';
export { FindRequestSchema, MAX_FIND_LIMIT } from './find-request.ts';
export type { FindResponse } from './find-response.ts';
export { FindResponseSchema } from './find-response.ts';
export type { Int64 } from './int64.ts';
export { INT64_MAX, INT64_MIN, INT64_RULE, int64FromText, isInt64, toInt64Read } from './int64.ts';
export type { DescribeIssuesOptions } from './issues.ts';
export { describeIssues, issuePath, MAX_LISTED_ISSUES } from './issues.ts';
export { parseJson, stringifyJson } from './json-codec.ts';
export { joinJsonPath } from './json-path.ts';
export { isMediaType, MAX_MEDIA_TYPE_LENGTH } from './media-type.ts';
export { DEFAULT_MIME_TYPE, mimeTypeForFileName } from './mime-type.ts';
export { isPlainObject } from './plain-object.ts';
export type { StringKeyField } from './record-entries.ts';
export {
  ATTACHMENT_META_PATH,
  ATTACHMENTS_PATH,
  BATCH_DELETE_PATH,
  BATCH_WRITE_PATH,
  COUNTRIES_PATH,
  FIND_PATH,
  HEALTHCHECK_PATH,
  RECORDS_PREFIX,
  TOKEN_PATH,
} from './routes.ts';
export type { ServerRecord, WireRecord } from './server-record.ts';
export { ServerRecordSchema } from './server-record.ts';
export type { TokenResponse } from './token-response.ts';
export { TokenResponseSchema } from './token-response.ts';
export { isWellFormed, WELL_FORMED_RULE, wellFormedText } from './well-formed-text.ts';
export type { WireDateOptions } from './wire-date.ts';
export { isWireDate, parseWireDate } from './wire-date.ts';
export type {
  AlwaysHashedField,
  KeyField,
  RangeKeyField,
  RangeKeyNumber,
  SearchKeyField,
  SearchKeyNumber,
  ServiceKeyField,
  ServiceKeyNumber,
  SortField,
} from './wire-fields.ts';
export {
  ALWAYS_HASHED_FIELDS,
  KEY_FIELDS,
  numberedFields,
  RANGE_KEY_FIELDS,
  SEARCH_KEY_FIELDS,
  SERVICE_KEY_FIELDS,
  SORT_FIELDS,
} from './wire-fields.ts';
export type { WireObjectSchema } from './wire-issues.ts';
export { wireObject } from './wire-issues.ts';
export { MAX_KEY_LENGTH, nonEmptyString, optionalCount, responseDate } from './wire-values.ts';
