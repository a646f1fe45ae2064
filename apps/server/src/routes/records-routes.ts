// The records routes of the storage API (protocol.md §4.1–§4.6), under
// `/v2/storage/records/:country`: write, batch write, find, batch delete, read, delete.

import {
  BATCH_DELETE_PATH,
  BATCH_WRITE_PATH,
  BatchDeleteRequestSchema,
  FIND_PATH,
  RECORDS_PREFIX,
} from '@residency/protocol';
import type { Context, Hono } from 'hono';
import type { AppSettings } from '../app-options.ts';
import { parseFindQuery } from '../find/find-query.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { jsonBodyLimit, readJsonBody } from '../http/json-body.ts';
import { jsonResponse } from '../http/json-response.ts';
import { validateBody } from '../http/validate-body.ts';
import { recordToWire } from '../records/record-to-wire.ts';
import type { AuditAction } from '../store/index.ts';
import { type RecordScope, recordScope } from './record-scope.ts';
import { writeBatch, writeOne } from './write-records.ts';

/** The route of a country's records, which every records route starts with. */
export const RECORDS_ROUTE: string = `${RECORDS_PREFIX}/:country`;

/** The most keys one batch delete may name. */
const MAX_BATCH_DELETE_KEYS = 1000;

const NOT_FOUND_RULE = 'names no record of this environment in this country';

type Handler = (context: Context<AppEnv>, scope: RecordScope) => Promise<Response>;

function scoped(
  settings: AppSettings,
  action: AuditAction,
  handler: Handler,
): (context: Context<AppEnv>) => Promise<Response> {
  return async (context) => handler(context, await recordScope(context, settings, action));
}

function pathRecordKey(context: Context<AppEnv>, scope: RecordScope): string {
  const key = scope.storedKey(context.req.param('recordKey') ?? '', 'record_key');
  scope.audit.touch([key]);
  return key;
}

const find: Handler = async (context, scope) => {
  const query = parseFindQuery(await readJsonBody(context), scope.filterContext);
  const page = await scope.store.find(scope.environmentId, query);
  scope.audit.touch(page.records.map((record) => record.record_key));
  const data = page.records.map((record) =>
    recordToWire(scope.fromStored(record), scope.downloadLink),
  );
  return jsonResponse(context, {
    meta: { count: data.length, limit: query.limit, offset: query.offset, total: page.total },
    data,
  });
};

const batchDelete: Handler = async (context, scope) => {
  const request = validateBody(BatchDeleteRequestSchema, await readJsonBody(context));
  const keys = request.filter.record_key;
  if (keys.length > MAX_BATCH_DELETE_KEYS) {
    throw ApiError.of(400, 'filter.record_key', `must hold at most ${MAX_BATCH_DELETE_KEYS} keys`);
  }
  const stored = keys.map((key, index) => scope.storedKey(key, `filter.record_key[${index}]`));
  scope.audit.touch(stored);
  await scope.audit.change((entry) => scope.store.deleteMany(scope.environmentId, stored, entry));
  return context.json({});
};

const read: Handler = async (context, scope) => {
  const record = await scope.store.read(scope.environmentId, pathRecordKey(context, scope));
  if (record === null) throw ApiError.of(404, 'record_key', NOT_FOUND_RULE);
  return jsonResponse(context, recordToWire(scope.fromStored(record), scope.downloadLink));
};

const remove: Handler = async (context, scope) => {
  const key = pathRecordKey(context, scope);
  const deleted = await scope.audit.change(
    (entry) => scope.store.delete(scope.environmentId, key, entry),
    (found) => found,
  );
  if (!deleted) throw ApiError.of(404, 'record_key', NOT_FOUND_RULE);
  return context.json({});
};

/**
 * Adds the records routes to the app (after `requireToken` on the prefix).
 *
 * @param app The app.
 * @param settings The app's settings.
 */
export function addRecordsRoutes(app: Hono<AppEnv>, settings: AppSettings): void {
  const limit = jsonBodyLimit(settings.maxJsonBodySize);
  app.post(
    RECORDS_ROUTE,
    limit,
    scoped(settings, 'write', async (context, scope) => {
      const record = await writeOne(scope, await readJsonBody(context));
      return jsonResponse(context, recordToWire(record, scope.downloadLink));
    }),
  );
  app.post(
    `${RECORDS_ROUTE}${BATCH_WRITE_PATH}`,
    limit,
    scoped(settings, 'batchWrite', async (context, scope) => {
      const records = await writeBatch(scope, await readJsonBody(context));
      return jsonResponse(context, {
        records: records.map((record) => recordToWire(record, scope.downloadLink)),
      });
    }),
  );
  app.post(`${RECORDS_ROUTE}${FIND_PATH}`, limit, scoped(settings, 'find', find));
  app.post(
    `${RECORDS_ROUTE}${BATCH_DELETE_PATH}`,
    limit,
    scoped(settings, 'batchDelete', batchDelete),
  );
  app.get(`${RECORDS_ROUTE}/:recordKey`, scoped(settings, 'read', read));
  app.delete(`${RECORDS_ROUTE}/:recordKey`, scoped(settings, 'delete', remove));
}
