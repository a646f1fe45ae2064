// The public surface of @residency/protocol: the parts of the wire contract that the client
// (transport, storage) and the server share. Today: the exact JSON codec and the signed 64-bit
// limits of range keys (protocol.md §5.1). The wire schemas still live in
// `@residency/storage/wire` and move here later, with the filter grammar and response shapes.

export type { Int64 } from './int64.ts';
export { INT64_MAX, INT64_MIN, INT64_RULE, int64FromText, isInt64, toInt64Read } from './int64.ts';
export { parseJson, stringifyJson } from './json-codec.ts';
