// `iterate`: every record matching a filter, page by page, past find's limit of 100. Paging is
// by offset (the only paging the API has), so the order must not change between pages: records
// are sorted by `createdAt` ascending unless the caller sorts, and `createdAt` ascending is
// appended as the last criterion when the caller's sort does not name it.

import { StorageNetworkError } from '@residency/errors';
import { type FindResponse, isPlainObject, MAX_FIND_LIMIT } from '@residency/protocol';
import { buildFindOptions, type SortOrder, type WireFindOptions } from './find-options.ts';
import { toDecodeError } from './find-records.ts';
import type { InputContext } from './input-context.ts';
import { inputError, joinPath } from './input-issues.ts';
import type { Record as StoredRecord } from './record.ts';
import type { RecordCodec } from './record-codec.ts';

/** The validated options of an iteration. */
export interface IteratePlan {
  /** Records per request, 1..100. */
  readonly pageSize: number;
  /** The wire sort, `created_at` ascending last unless the caller named it. */
  readonly sort: Record<string, SortOrder>[];
}

const ITERATE_OPTIONS = ['pageSize', 'sort'];
const PAGE_SIZE_RULE = `must be an integer from 1 to ${MAX_FIND_LIMIT}`;

function parsePageSize(pageSize: unknown, path: string): number {
  if (pageSize === undefined) return MAX_FIND_LIMIT;
  const valid =
    typeof pageSize === 'number' &&
    Number.isSafeInteger(pageSize) &&
    pageSize >= 1 &&
    pageSize <= MAX_FIND_LIMIT;
  if (!valid) throw inputError(path, PAGE_SIZE_RULE);
  return pageSize;
}

/**
 * Validates `iterate`'s options and fixes the sort of every page.
 *
 * @param options The caller's `{ pageSize?, sort? }`; `undefined` for the defaults.
 * @param context The storage's mode and `hashSearchKeys` (a `key*` sort needs plain keys).
 * @param path The argument's name in error messages; `options` unless told.
 * @returns The page size and the wire sort.
 * @throws {InputValidationError} Not an object, an unknown option, `pageSize` not an integer
 *   1..100, or a bad `sort` (as `find` checks it); `path` names it.
 */
export function buildIteratePlan(
  options: unknown,
  context: InputContext,
  path = 'options',
): IteratePlan {
  const given = options ?? {};
  if (!isPlainObject(given)) throw inputError(path, 'must be an object with pageSize or sort');
  for (const name of Object.keys(given)) {
    if (!ITERATE_OPTIONS.includes(name)) {
      throw inputError(
        joinPath(path, name),
        'is not an iterate option (expected pageSize or sort)',
      );
    }
  }
  const pageSize = parsePageSize(given.pageSize, joinPath(path, 'pageSize'));
  const sort = buildFindOptions({ sort: given.sort }, path, context).sort ?? [];
  if (!sort.some((criterion) => 'created_at' in criterion)) sort.push({ created_at: 'asc' });
  return { pageSize, sort };
}

/** Fetches one page: a find request with these options. */
export type FetchPage = (options: WireFindOptions) => Promise<FindResponse>;

/** What an iteration needs besides its plan. */
export interface IterationSource {
  /** Sends one find request. */
  readonly fetchPage: FetchPage;
  /** Decodes each record. */
  readonly codec: RecordCodec;
  /** Stops the iteration between records and aborts the request in flight. */
  readonly signal?: AbortSignal | undefined;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new StorageNetworkError('Iterating records was aborted', { cause: signal.reason });
  }
}

/**
 * Yields every matching record, decoding one at a time, and asks for the next page after the
 * last record of a page was taken. Stops when the offset reaches the answer's `total` or a page
 * comes back empty.
 *
 * @param source The page fetcher, codec and signal.
 * @param plan Page size and sort.
 * @returns The records, in the plan's order.
 * @throws {StorageNetworkError} The signal aborted (between records, or the request).
 * @throws {StorageCryptoError} A record could not be decrypted (iteration stops there).
 * @throws The errors of a find request.
 */
export async function* iterateRecords(
  source: IterationSource,
  plan: IteratePlan,
): AsyncGenerator<StoredRecord, void, undefined> {
  let offset = 0;
  for (;;) {
    throwIfAborted(source.signal);
    const page = await source.fetchPage({ limit: plan.pageSize, offset, sort: plan.sort });
    for (const server of page.data) {
      throwIfAborted(source.signal);
      yield await decodeOrThrow(source.codec, server);
    }
    offset += page.data.length;
    if (page.data.length === 0 || offset >= page.meta.total) return;
  }
}

async function decodeOrThrow(
  codec: RecordCodec,
  server: FindResponse['data'][number],
): Promise<StoredRecord> {
  try {
    return await codec.decode(server);
  } catch (error) {
    throw toDecodeError(error);
  }
}
