import { BATCH_DELETE_PATH, ServerRecordSchema } from '@residency/protocol';
import { HTTP_DEBUG_KEY } from './debug-responses.ts';
import type { FindFilter } from './find-filter.ts';
import { buildFindOptions, type FindOptionsInput } from './find-options.ts';
import { buildFindOneOptions, firstRecord, sendFind } from './find-records.ts';
import { checkHealth } from './health-check.ts';
import { buildIteratePlan, iterateRecords } from './iterate-records.ts';
import type { Record } from './record.ts';
import { parseBatchRecordInputs, parseRecordInput, type RecordInput } from './record-input.ts';
import { parseRecordKeys } from './record-key-input.ts';
import type {
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
import type { RequestOptionsInput } from './request-options-input.ts';
import type { StorageCall } from './storage-call.ts';
import { StorageContext } from './storage-context.ts';
import { sendBatchWrite, sendWrite } from './write-echo.ts';

/**
 * The records calls of the storage API (protocol.md §4, §8): write, batch write, read, find,
 * find one, iterate, delete, batch delete and health check. Every method validates all its
 * arguments before any request (`InputValidationError` naming the field), hashes keys and
 * encrypts bodies with the codec (nothing of either in SSE mode, where `X-Encrypted-Storage:
 * true` goes on every request), validates every answer with the wire schemas and decrypts the
 * records. With `debug: true` every result also carries the HTTP response info under
 * `RecordStorage.HTTP_DEBUG_KEY` (`iterate` excepted: it yields records).
 *
 * @example
 * ```ts
 * const storage = new RecordStorage({ transport: createTransport(options), codec });
 * await storage.write('us', { recordKey: 'user-1', body: '{"name":"Ada"}', key1: 'berlin' });
 * const { records } = await storage.find('us', { key1: 'berlin' }, { limit: 10 });
 * ```
 */
export class RecordStorage {
  /** The key of the HTTP response info in results of a `debug: true` storage. */
  static readonly HTTP_DEBUG_KEY: 'httpResponse' = HTTP_DEBUG_KEY;
  readonly #context: StorageContext;

  /**
   * Creates the records client.
   *
   * @param options Transport, codec, `debug` and logger.
   * @param context The context built from these same options, when a composition (the facade)
   *   shares one between its parts; by default its own. From `@residency/storage/internal`.
   * @throws {StorageConfigValidationError} The codec or transport is missing, or `debug` is not
   *   a boolean.
   */
  constructor(
    options: RecordStorageOptions,
    context: StorageContext = new StorageContext(options),
  ) {
    this.#context = context;
  }

  /**
   * Creates or replaces a record (`POST /v2/storage/records/{country}`).
   *
   * @param country The country code, two letters.
   * @param record The record; only `recordKey` is required.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ record }`: the record written (absent fields `null`), with the `createdAt`,
   *   `updatedAt` and `version` of the server's echo (`null` dates when it echoes none).
   * @throws {InputValidationError} A bad country, record field or request option.
   * @throws {StorageCryptoError} Encryption failed.
   * @throws {StorageServerError} The request failed; subclasses: authentication, network,
   *   country not supported, response validation.
   */
  async write(
    country: string,
    record: RecordInput,
    requestOptions?: RequestOptionsInput,
  ): Promise<RecordResult> {
    const context = this.#context;
    const description = context.describe('write', country, requestOptions);
    const input = parseRecordInput(record, context.input);
    return context.run(description, async (call) => ({
      record: await sendWrite(context.codec, call, input),
    }));
  }

  /**
   * Creates or replaces 1 to 100 records in one request (`POST …/batchWrite`).
   *
   * @param country The country code.
   * @param records The records.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ records }`: the records written, in order, dated by the echo as `write`'s.
   * @throws {InputValidationError} A bad country, list (empty, over 100) or record field.
   * @throws {StorageCryptoError} Encryption failed.
   * @throws {StorageServerError} The request failed (see `write`).
   */
  async batchWrite(
    country: string,
    records: readonly RecordInput[],
    requestOptions?: RequestOptionsInput,
  ): Promise<RecordsResult> {
    const context = this.#context;
    const description = context.describe('batchWrite', country, requestOptions);
    const inputs = parseBatchRecordInputs(records, context.input);
    const body = async (call: StorageCall) => ({
      records: await sendBatchWrite(context.codec, call, inputs),
    });
    return context.run(description, body, (result) => result.records.length);
  }

  /**
   * Reads one record by its key (`GET …/{record_key}`).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ record }`, decrypted.
   * @throws {InputValidationError} A bad country, key or request option.
   * @throws {StorageServerError} `status` 404 when there is no such record; other failures as
   *   for `write`.
   * @throws {StorageCryptoError} Decryption failed, or the record failed the integrity check:
   *   another record than asked for, keys that do not match the ones sealed in its body, a body
   *   without its record key, a `pt:` body in LOCAL mode without `acceptPlaintextBodies`.
   */
  async read(
    country: string,
    recordKey: string,
    requestOptions?: RequestOptionsInput,
  ): Promise<RecordResult> {
    const context = this.#context;
    const description = context.describe('read', country, requestOptions);
    const path = context.recordPath(recordKey);
    // The answer must be the record asked for, not another one (read-integrity check).
    const expectedRecordKey = context.storedKey(recordKey);
    return context.run(description, async (call) => {
      const server = await call.request({ method: 'GET', ...path }, ServerRecordSchema);
      return { record: await context.codec.decode(server, { expectedRecordKey }) };
    });
  }

  /**
   * Finds records by a filter (`POST …/find`); records that cannot be decoded go to `errors`
   * with their raw data instead of failing the call (a `StorageCryptoError` there also for a
   * record that fails the integrity check, as `read` checks it).
   *
   * @param country The country code.
   * @param filter Field filters, ANDed (protocol.md §8.2); none matches every record.
   * @param options `limit` (1..100, default 100), `offset` (default 0), `sort`.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ records, meta: { count, limit, offset, total }, errors? }`.
   * @throws {InputValidationError} A bad country, filter, option or request option; also
   *   `searchKeys`, `$like` or a sort on `key1`..`key20` while search keys are hashed
   *   (`hashSearchKeys: true` in LOCAL or OFF mode), where they would find nothing or order
   *   hashes: create the storage with `hashSearchKeys: false` for them.
   * @throws {StorageServerError} The request failed (see `write`).
   */
  async find(
    country: string,
    filter?: FindFilter,
    options?: FindOptionsInput,
    requestOptions?: RequestOptionsInput,
  ): Promise<FindResult> {
    const context = this.#context;
    const description = context.describe('find', country, requestOptions);
    const json = {
      filter: context.filter(filter),
      options: buildFindOptions(options, 'options', context.input),
    };
    const body = (call: StorageCall) => sendFind(context.codec, call, json);
    return context.run(description, body, (result) => result.records.length);
  }

  /**
   * Finds the first record matching a filter: `find` with `limit` 1.
   *
   * @param country The country code.
   * @param filter Field filters, as for `find`.
   * @param options `offset` and `sort`.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ record }`, or `null` when nothing matched; in debug mode `{ record: null,
   *   httpResponse }` instead, as the seed always returns the dict then.
   * @throws {InputValidationError} A bad country, filter, option (`limit` included) or request
   *   option; `searchKeys`, `$like` or a `key*` sort with hashed search keys, as for `find`.
   * @throws {StorageCryptoError} The matching record could not be decrypted.
   * @throws {StorageServerError} The request failed (see `write`).
   */
  async findOne(
    country: string,
    filter?: FindFilter,
    options?: FindOneOptionsInput,
    requestOptions?: RequestOptionsInput,
  ): Promise<FindOneResult> {
    const context = this.#context;
    const description = context.describe('findOne', country, requestOptions);
    const json = {
      filter: context.filter(filter),
      options: buildFindOneOptions(options, context.input),
    };
    const body = async (call: StorageCall) =>
      firstRecord(await sendFind(context.codec, call, json));
    const found = await context.run(description, body, (result) => (result.record ? 1 : 0));
    const { record, httpResponse } = found;
    if (record !== null) return { ...found, record };
    return httpResponse === undefined ? null : { record, httpResponse };
  }

  /**
   * Iterates over every record matching a filter, one find request per page, past `find`'s
   * limit of 100. Pages are read by offset, so the order is fixed: `createdAt` ascending, or
   * the caller's sort with `createdAt` ascending appended unless it names `createdAt`. Records
   * written or deleted meanwhile may shift the pages (be skipped or seen twice). No debug info.
   *
   * @param country The country code.
   * @param filter Field filters, as for `find`.
   * @param options `pageSize` (1..100, default 100) and `sort`.
   * @param requestOptions Custom headers, and a signal that stops the iteration.
   * @returns The records, decrypted.
   * @throws {InputValidationError} At the call, before any request: a bad argument, or
   *   `searchKeys`, `$like` or a `key*` sort with hashed search keys, as for `find`.
   * @throws {StorageCryptoError} While iterating: a record could not be decrypted.
   * @throws {StorageNetworkError} While iterating: the signal aborted.
   * @throws {StorageServerError} While iterating: a request failed (see `write`).
   * @example
   * ```ts
   * for await (const record of storage.iterate('us', { profileKey: 'p1' }, { pageSize: 50 })) {
   *   console.log(record.recordKey);
   * }
   * ```
   */
  iterate(
    country: string,
    filter?: FindFilter,
    options?: IterateOptionsInput,
    requestOptions?: RequestOptionsInput,
  ): AsyncIterable<Record> {
    const context = this.#context;
    const description = context.describe('iterate', country, requestOptions);
    const wireFilter = context.filter(filter);
    const plan = buildIteratePlan(options, context.input);
    const fetchPage = context.pageFetcher(description, wireFilter);
    const { signal } = description.requestOptions;
    return iterateRecords({ fetchPage, codec: context.codec, signal }, plan);
  }

  /**
   * Deletes a record (`DELETE …/{record_key}`).
   *
   * @param country The country code.
   * @param recordKey The record's key.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ success: true }`.
   * @throws {InputValidationError} A bad country, key or request option.
   * @throws {StorageServerError} `status` 404 when there is no such record; other failures as
   *   for `write`.
   */
  async delete(
    country: string,
    recordKey: string,
    requestOptions?: RequestOptionsInput,
  ): Promise<SuccessResult> {
    const context = this.#context;
    const description = context.describe('delete', country, requestOptions);
    const path = context.recordPath(recordKey);
    return context.run(description, async (call) => {
      await call.send({ method: 'DELETE', ...path });
      return { success: true as const };
    });
  }

  /**
   * Deletes 1 to 100 records by key in one request (`POST …/batchDelete`).
   *
   * @param country The country code.
   * @param recordKeys The records' keys.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ success: true }`.
   * @throws {InputValidationError} A bad country, key list or request option.
   * @throws {StorageServerError} The request failed (see `write`).
   */
  async batchDelete(
    country: string,
    recordKeys: readonly string[],
    requestOptions?: RequestOptionsInput,
  ): Promise<SuccessResult> {
    const context = this.#context;
    const description = context.describe('batchDelete', country, requestOptions);
    const keys = parseRecordKeys(recordKeys).map((key) => context.storedKey(key));
    const json = { filter: { record_key: keys } };
    const body = async (call: StorageCall) => {
      await call.send({ method: 'POST', path: BATCH_DELETE_PATH, json });
      return { success: true as const };
    };
    return context.run(description, body, () => keys.length);
  }

  /**
   * Checks the availability of a country's PoP (`GET <host>/healthcheck`).
   *
   * @param country The country code.
   * @param requestOptions Custom headers and an abort signal.
   * @returns `{ result }`: `true` iff the PoP answered 200, `false` for an HTTP error status
   *   (429 and 503 after the retries). In debug mode `httpResponse` is there when the PoP
   *   answered with a success status.
   * @throws {InputValidationError} A bad country or request option.
   * @throws {StorageCountryNotSupportedError} The country is not in the countries list.
   * @throws {StorageAuthenticationError} No token could be had, or 401 twice.
   * @throws {StorageNetworkError} No HTTP answer: refused, DNS, timeout, abort.
   */
  async healthCheck(
    country: string,
    requestOptions?: RequestOptionsInput,
  ): Promise<HealthCheckResult> {
    const context = this.#context;
    const description = context.describe('healthCheck', country, requestOptions);
    const { transport } = context.settings;
    const body = (call: StorageCall) => checkHealth(call, transport, description);
    return context.run(description, body, () => 0);
  }
}
