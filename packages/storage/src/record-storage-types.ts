// The options and results of `RecordStorage`'s methods (the seed's return shapes, camelCase).

import type { StorageError } from '@residency/errors';
import type { ServerRecord } from '@residency/protocol';
import type { HttpResponseInfo, Logger, Transport } from '@residency/transport';
import type { HttpDebugFields } from './debug-responses.ts';
import type { SortCriterion } from './find-options.ts';
import type { Record } from './record.ts';
import type { RecordCodec } from './record-codec.ts';

/** Options of a `RecordStorage`. */
export interface RecordStorageOptions {
  /** The HTTP client: endpoints, tokens, retries, timeouts, response validation. */
  readonly transport: Transport;
  /** Hashes, encrypts and decrypts records; its options give the encryption mode. */
  readonly codec: RecordCodec;
  /** Adds the HTTP response info to every result, under `RecordStorage.HTTP_DEBUG_KEY`. */
  readonly debug?: boolean | undefined;
  /** Receives one debug line per call: method, country, duration, record count. */
  readonly logger?: Logger | undefined;
}

/** The result of `write` and `read`. */
export interface RecordResult extends HttpDebugFields {
  /** The record, decrypted, keys in their original values. */
  readonly record: Record;
}

/** The result of `batchWrite`. */
export interface RecordsResult extends HttpDebugFields {
  /** The records, in the order given. */
  readonly records: Record[];
}

/** The paging facts of a `find` answer (protocol.md §4.4). */
export interface FindMeta {
  /** How many records this answer holds (decrypted or not). */
  readonly count: number;
  /** The limit the server applied. */
  readonly limit: number;
  /** The offset the server applied. */
  readonly offset: number;
  /** How many records match the filter, ignoring limit and offset. */
  readonly total: number;
}

/** A found record that could not be decoded, and why. */
export interface FindError {
  /**
   * Why: `StorageCryptoError` (wrong secret, altered ciphertext), `SecretsValidationError` (its
   * secret version is unknown), `StorageServerResponseValidationError` (a bad envelope).
   */
  readonly error: StorageError;
  /** The record as the server sent it: hashed keys, encrypted body. */
  readonly rawData: ServerRecord;
}

/** The result of `find`. */
export interface FindResult extends HttpDebugFields {
  /** The matching records that could be decoded, in the server's order. */
  readonly records: Record[];
  /** Count, limit, offset and total. */
  readonly meta: FindMeta;
  /** The matching records that could not be decoded; absent when there were none. */
  readonly errors?: FindError[];
}

/** The paging and sorting options of `findOne`: `find`'s without `limit` (it is 1). */
export interface FindOneOptionsInput {
  /** How many matching records to skip, ≥ 0; 0 when omitted. */
  readonly offset?: number | undefined;
  /** Sort criteria, applied in order; `key1`..`key20` need `hashSearchKeys: false` (or SSE). */
  readonly sort?: readonly SortCriterion[] | undefined;
}

/** What `findOne` returns in debug mode when nothing matched: the seed returns the dict then. */
export interface FindOneMiss {
  /** No record matched. */
  readonly record: null;
  /** The response of the find request. */
  readonly httpResponse: HttpResponseInfo;
}

/** The result of `findOne`: the record, `null` when nothing matched (`FindOneMiss` in debug mode). */
export type FindOneResult = RecordResult | FindOneMiss | null;

/** The options of `iterate`. */
export interface IterateOptionsInput {
  /** How many records each find request asks for, 1..100; 100 when omitted. */
  readonly pageSize?: number | undefined;
  /**
   * Sort criteria; `createdAt` ascending is added as the last one unless named. `key1`..`key20`
   * need `hashSearchKeys: false` (or SSE).
   */
  readonly sort?: readonly SortCriterion[] | undefined;
}

/** The result of `delete` and `batchDelete`. */
export interface SuccessResult extends HttpDebugFields {
  /** Always `true`: a failure throws. */
  readonly success: true;
}

/** The result of `healthCheck`. */
export interface HealthCheckResult extends HttpDebugFields {
  /** `true` when the PoP answered 200. */
  readonly result: boolean;
}
