// What `RecordStorage`'s methods share: argument checks that depend on the storage's mode,
// record paths, filters, and running a call with debug collection.

import { StorageConfigValidationError } from '@residency/errors';
import { FIND_PATH, type FindResponse, FindResponseSchema } from '@residency/protocol';
import { parseCountryCode } from './country-code.ts';
import { type HttpDebugFields, withHttpResponses } from './debug-responses.ts';
import { EncryptionType } from './encryption-type.ts';
import { buildFindFilter, type WireFindFilter } from './find-filter.ts';
import type { InputContext } from './input-context.ts';
import { parseInput } from './input-issues.ts';
import type { FetchPage } from './iterate-records.ts';
import { RecordCodec } from './record-codec.ts';
import { recordKeySchema } from './record-key-input.ts';
import type { RecordStorageOptions } from './record-storage-types.ts';
import { parseRequestOptions } from './request-options-input.ts';
import {
  type CallDescription,
  runStorageCall,
  type StorageCall,
  type StorageCallSettings,
} from './storage-call.ts';

function checkOptions(options: RecordStorageOptions): void {
  if (!(options.codec instanceof RecordCodec)) {
    throw new StorageConfigValidationError('codec must be a RecordCodec');
  }
  if (typeof options.transport?.request !== 'function') {
    throw new StorageConfigValidationError('transport must be a Transport');
  }
  if (options.debug !== undefined && typeof options.debug !== 'boolean') {
    throw new StorageConfigValidationError('debug must be a boolean');
  }
}

/** The codec, transport settings and mode of one `RecordStorage`, and the helpers on them. */
/** A record's path, and the label that names it in logs when the path holds a raw key. */
export interface RecordPath {
  /** The path after the records prefix: `/<hash>`, or `/<raw key, URL-encoded>` in SSE mode. */
  readonly path: string;
  /** What log lines and error messages show instead of `path` (SSE mode only). */
  readonly pathLabel?: string;
}

export class StorageContext {
  /** Hashes, encrypts, decrypts. */
  readonly codec: RecordCodec;
  /** Transport, logger, SSE flag. */
  readonly settings: StorageCallSettings;
  /** The mode, as input validation needs it. */
  readonly input: InputContext;
  readonly #debug: boolean;

  /**
   * Checks the options and derives the settings.
   *
   * @param options Transport, codec, debug, logger.
   * @throws {StorageConfigValidationError} The codec or transport is missing, or `debug` is not
   *   a boolean.
   */
  constructor(options: RecordStorageOptions) {
    checkOptions(options);
    this.codec = options.codec;
    const { encryption, hashSearchKeys } = options.codec.options;
    this.input = { encryption, hashSearchKeys };
    this.#debug = options.debug ?? false;
    this.settings = {
      transport: options.transport,
      logger: options.logger,
      encryptedStorage: encryption === EncryptionType.SSE,
    };
  }

  /**
   * Validates the arguments every method takes.
   *
   * @param name The method name, for the log line.
   * @param country The caller's country code.
   * @param requestOptions The caller's request options.
   * @returns The call's description.
   * @throws {InputValidationError} A bad country or request option.
   */
  describe(name: string, country: unknown, requestOptions: unknown): CallDescription {
    return {
      name,
      country: parseCountryCode(country),
      requestOptions: parseRequestOptions(requestOptions),
    };
  }

  /**
   * Validates a find filter and builds the wire filter, keys hashed as records store them.
   *
   * @param filter The caller's filter; `undefined` or `null` match every record.
   * @returns The wire filter.
   * @throws {InputValidationError} The filter breaks a rule.
   */
  filter(filter: unknown): WireFindFilter {
    const { encryption, hashSearchKeys } = this.input;
    const hashKey = (field: string, value: string) => this.codec.hashKeyField(field, value);
    return buildFindFilter(filter ?? {}, { hashKey, encryption, hashSearchKeys });
  }

  /**
   * The key as records store it: the salted hash, or the raw key in SSE mode.
   *
   * @param recordKey A validated record key.
   * @returns The stored key.
   */
  storedKey(recordKey: string): string {
    return this.codec.hashKeyField('record_key', recordKey);
  }

  /**
   * Validates a record key and builds its path (protocol.md §4): `/<hash>`, or in SSE mode
   * `/<raw key, URL-encoded>`, where the key holds at most 128 characters and no `/`, `#`, `?`
   * or newline.
   *
   * @param recordKey The caller's key.
   * @returns The path after the records prefix, and in SSE mode the label that log lines and
   *   error messages show instead, since the path then holds the raw key.
   * @throws {InputValidationError} The key is not a non-empty string (or breaks SSE's limits).
   */
  recordPath(recordKey: unknown): RecordPath {
    const key = parseInput(recordKeySchema(this.input), recordKey, 'recordKey');
    const path = `/${encodeURIComponent(this.storedKey(key))}`;
    return this.input.encryption === EncryptionType.SSE
      ? { path, pathLabel: '/{recordKey}' }
      : { path };
  }

  /**
   * Runs a call and, in debug mode, adds its response info to the result.
   *
   * @param description Name, country, request options.
   * @param body Sends the requests and builds the result.
   * @param countRecords How many records the result holds, for the log line.
   * @returns The result, plus `httpResponse` in debug mode.
   * @throws Whatever `body` throws.
   */
  async run<TResult extends object>(
    description: CallDescription,
    body: (call: StorageCall) => Promise<TResult>,
    countRecords: (result: TResult) => number = () => 1,
  ): Promise<TResult & HttpDebugFields> {
    const outcome = await runStorageCall(this.settings, description, body, countRecords);
    return this.#debug ? withHttpResponses(outcome.value, outcome.responses) : outcome.value;
  }

  /**
   * Makes `iterate`'s page fetcher: one find request per page, each logged as a call of its
   * own; no debug info (an iteration yields records, not results).
   *
   * @param description Name, country, request options.
   * @param filter The validated wire filter.
   * @returns The fetcher.
   */
  pageFetcher(description: CallDescription, filter: WireFindFilter): FetchPage {
    return async (options) => {
      const request = { method: 'POST', path: FIND_PATH, json: { filter, options } } as const;
      const send = (call: StorageCall) => call.request(request, FindResponseSchema);
      const count = (page: FindResponse) => page.data.length;
      return (await runStorageCall(this.settings, description, send, count)).value;
    };
  }
}
