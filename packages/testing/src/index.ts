// The public surface of @residency/testing (private): msw handlers that record what was sent,
// the token and countries endpoints, and PoP error bodies. `setupServer` stays with each test
// file (one server per file, style.md §11).

export type { AttachmentMetaBody } from './attachment-meta.ts';
export { attachmentMetaBody } from './attachment-meta.ts';
export type { CountriesHandlerOptions, CountryEntry } from './countries-handler.ts';
export { countriesHandler, DEFAULT_COUNTRIES_URL, SAMPLE_COUNTRIES } from './countries-handler.ts';
export type { ErrorResponseOptions, PopErrorBody, PopErrorEntry } from './error-body.ts';
export {
  errorBody,
  errorResponse,
  networkError,
  oauthErrorBody,
  preconditionFailedResponse,
} from './error-body.ts';
export type { MultipartBody, MultipartPart } from './multipart.ts';
export { parseMultipart } from './multipart.ts';
export type {
  RecordedMethod,
  RecordedRequest,
  RecordingHandler,
  RecordingResolver,
  RecordingResolverInfo,
} from './recording-handler.ts';
export { createRecordingHandler, recordRequest } from './recording-handler.ts';
export type { TokenHandlerOptions } from './token-handler.ts';
export { DEFAULT_AUTH_URL, tokenHandler } from './token-handler.ts';
