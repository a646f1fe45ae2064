// The public surface of @residency/storage: the records calls (RecordStorage), the record
// model, the record codec and the input validation of records, filters, sort and request
// options. The wire shapes are `@residency/protocol`'s, shared with apps/server. Left out on purpose: the codec's building blocks (envelope, field
// mapping), the call plumbing and the issue formatting helpers, which may change.

// A range key's type: a safe-integer number or a bigint (signed 64-bit, protocol.md §5.1).
export type { Int64 } from '@residency/protocol';
export { CountryCodeSchema, parseCountryCode } from './country-code.ts';
export { DateInputSchema, parseIsoDate } from './date-input.ts';
export type { HttpDebugFields } from './debug-responses.ts';
export { HTTP_DEBUG_KEY } from './debug-responses.ts';
export { EncryptionType, toEncryptionType } from './encryption-type.ts';
export type {
  DateFilter,
  DateFilterScalar,
  FindFilter,
  FindFilterContext,
  IntFilter,
  IntFilterOperand,
  NonNullDateFilter,
  OrFilterItem,
  RangeOperators,
  SearchKeyFilter,
  StringFilter,
  StringFilterOperand,
  WireFindFilter,
} from './find-filter.ts';
export { buildFindFilter } from './find-filter.ts';
export type { WireFilterValue } from './find-filter-values.ts';
export type {
  FindOptionsInput,
  SortCriterion,
  SortField,
  WireFindOptions,
} from './find-options.ts';
export { buildFindOptions, DEFAULT_FIND_OPTIONS, SortOrder } from './find-options.ts';
export type { InputContext } from './input-context.ts';
export type {
  AttachmentMeta,
  RangeKeyName,
  Record,
  RecordData,
  SearchKeyName,
  ServiceKeyName,
} from './record.ts';
export { RecordCodec } from './record-codec.ts';
export type {
  RecordCipher,
  RecordCodecOptions,
  ResolvedRecordCodecOptions,
} from './record-codec-options.ts';
export { DEFAULT_RECORD_CODEC_OPTIONS } from './record-codec-options.ts';
export type { RecordFieldName, SnakeCase, WireFieldName } from './record-fields.ts';
export {
  RECORD_FIELD_NAMES,
  RECORD_TO_WIRE_FIELD,
  toRecordField,
  toWireField,
} from './record-fields.ts';
export type { ParsedRecordInput, RecordInput } from './record-input.ts';
export { parseBatchRecordInputs, parseRecordInput, recordInputSchema } from './record-input.ts';
export type { DecodeOptions } from './record-integrity.ts';
export {
  MAX_BATCH_DELETE_KEYS,
  parseRecordKey,
  parseRecordKeys,
  RecordKeyListSchema,
  RecordKeySchema,
  recordKeySchema,
} from './record-key-input.ts';
export { RecordStorage } from './record-storage.ts';
export type {
  FindError,
  FindMeta,
  FindOneMiss,
  FindOneOptionsInput,
  FindOneResult,
  FindResult,
  HealthCheckResult,
  IterateOptionsInput,
  RecordResult,
  RecordStorageOptions,
  RecordsResult,
  SuccessResult,
} from './record-storage-types.ts';
export type { ParsedRequestOptions, RequestOptionsInput } from './request-options-input.ts';
export { parseRequestOptions } from './request-options-input.ts';
