// The attachment routes (protocol.md §4.8–§4.9), under
// `/v2/storage/records/:country/:recordKey/attachments`: upload (POST adds, PUT replaces the
// file of the same name), download (streamed), delete, and metadata read and update.

import {
  ATTACHMENT_META_PATH,
  ATTACHMENTS_PATH,
  AttachmentMetaUpdateRequestSchema,
  DEFAULT_MIME_TYPE,
  isMediaType,
} from '@residency/protocol';
import type { Context, Hono } from 'hono';
import type { AppSettings } from '../app-options.ts';
import { attachmentDisposition } from '../attachments/content-disposition.ts';
import {
  MAX_FILENAME_LENGTH,
  MalformedUploadError,
  receiveUpload,
} from '../attachments/multipart-upload.ts';
import { iterableToWebStream } from '../attachments/web-stream.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { hasNul, jsonBodyLimit, readJsonBody } from '../http/json-body.ts';
import { validateBody } from '../http/validate-body.ts';
import { attachmentToWire } from '../records/record-to-wire.ts';
import type { AuditAction, StoredAttachmentMeta } from '../store/index.ts';
import { type RecordScope, recordScope } from './record-scope.ts';
import { RECORDS_ROUTE } from './records-routes.ts';

const ATTACHMENTS = `${RECORDS_ROUTE}/:recordKey${ATTACHMENTS_PATH}`;

/** Room for the multipart framing around the file: boundaries, part headers, small fields. */
const MULTIPART_OVERHEAD = 1024 * 1024;

const MISSING_RULE = 'names no attachment of this record';
const MALFORMED_RULE = 'must be multipart/form-data with a part named file';

interface AttachmentRequest {
  readonly scope: RecordScope;
  /** The record key as the client names it (the hash, or the raw key in SSE mode). */
  readonly pathKey: string;
  /** The record key as stored. */
  readonly recordKey: string;
  readonly fileId: string;
}

async function attachmentRequest(
  context: Context<AppEnv>,
  settings: AppSettings,
  action: AuditAction,
): Promise<AttachmentRequest> {
  const scope = await recordScope(context, settings, action);
  const pathKey = context.req.param('recordKey') ?? '';
  const recordKey = scope.storedKey(pathKey, 'record_key');
  scope.audit.touch([recordKey]);
  const fileId = context.req.param('fileId') ?? '';
  // No stored id holds NUL, and PostgreSQL text cannot even compare with one.
  if (hasNul(fileId)) throw ApiError.of(404, 'file_id', MISSING_RULE);
  return { scope, pathKey, recordKey, fileId };
}

function metaAnswer(
  context: Context<AppEnv>,
  request: AttachmentRequest,
  meta: StoredAttachmentMeta | null,
): Response {
  if (meta === null) throw ApiError.of(404, 'file_id', MISSING_RULE);
  return context.json(
    attachmentToWire(meta, request.scope.downloadLink(request.pathKey, meta.file_id)),
  );
}

async function upload(
  context: Context<AppEnv>,
  settings: AppSettings,
  upsert: boolean,
): Promise<Response> {
  const request = await attachmentRequest(
    context,
    settings,
    upsert ? 'attachment.upsert' : 'attachment.add',
  );
  const length = Number(context.req.header('content-length') ?? '0');
  if (length > settings.maxAttachmentSize + MULTIPART_OVERHEAD) {
    throw ApiError.of(413, 'file', `must be at most ${settings.maxAttachmentSize} bytes`);
  }
  const received = await receiveUpload(context.req.raw);
  try {
    const meta = await request.scope.audit.change((entry) =>
      request.scope.store.addAttachment(
        request.scope.environmentId,
        request.recordKey,
        {
          filename: received.filename,
          mimeType: received.mimeType,
          data: received.data,
          upsert,
          maxSize: settings.maxAttachmentSize,
        },
        entry,
      ),
    );
    // The file part is stored; what may follow it (other parts) is read past.
    await received.finished.catch(() => undefined);
    return metaAnswer(context, request, meta);
  } catch (error) {
    received.abort();
    if (received.malformed() || error instanceof MalformedUploadError) {
      throw ApiError.of(400, 'body', MALFORMED_RULE);
    }
    throw error;
  }
}

async function download(context: Context<AppEnv>, settings: AppSettings): Promise<Response> {
  const request = await attachmentRequest(context, settings, 'attachment.download');
  const found = await request.scope.store.readAttachment(
    request.scope.environmentId,
    request.recordKey,
    request.fileId,
  );
  if (found === null) throw ApiError.of(404, 'file_id', MISSING_RULE);
  const requestId = context.get('requestId');
  const body = iterableToWebStream(found.content, (error) => {
    settings.logger.error(
      `${requestId} attachment download failed: ${String((error as Error)?.name)}`,
    );
  });
  return new Response(body, {
    status: 200,
    headers: {
      // A type stored before MIME types were checked may be no header value: served as bytes.
      'Content-Type': isMediaType(found.meta.mime_type) ? found.meta.mime_type : DEFAULT_MIME_TYPE,
      'Content-Length': String(found.meta.size),
      'Content-Disposition': attachmentDisposition(found.meta.filename),
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

async function updateMeta(context: Context<AppEnv>, settings: AppSettings): Promise<Response> {
  const request = await attachmentRequest(context, settings, 'attachment.updateMeta');
  const update = validateBody(AttachmentMetaUpdateRequestSchema, await readJsonBody(context));
  if (update.filename !== undefined && [...update.filename].length > MAX_FILENAME_LENGTH) {
    throw ApiError.of(400, 'filename', `must be at most ${MAX_FILENAME_LENGTH} characters`);
  }
  const meta = await request.scope.audit.change(
    (entry) =>
      request.scope.store.updateAttachmentMeta(
        request.scope.environmentId,
        request.recordKey,
        request.fileId,
        { filename: update.filename, mimeType: update.mime_type },
        entry,
      ),
    (found) => found !== null,
  );
  return metaAnswer(context, request, meta);
}

/**
 * Adds the attachment routes to the app (after `requireToken` on the records prefix).
 *
 * @param app The app.
 * @param settings The app's settings.
 */
export function addAttachmentRoutes(app: Hono<AppEnv>, settings: AppSettings): void {
  app.post(ATTACHMENTS, (context) => upload(context, settings, false));
  app.put(ATTACHMENTS, (context) => upload(context, settings, true));
  app.get(`${ATTACHMENTS}/:fileId`, (context) => download(context, settings));
  app.delete(`${ATTACHMENTS}/:fileId`, async (context) => {
    const request = await attachmentRequest(context, settings, 'attachment.delete');
    const deleted = await request.scope.audit.change(
      (entry) =>
        request.scope.store.deleteAttachment(
          request.scope.environmentId,
          request.recordKey,
          request.fileId,
          entry,
        ),
      (found) => found,
    );
    if (!deleted) throw ApiError.of(404, 'file_id', MISSING_RULE);
    return context.json({});
  });
  app.get(`${ATTACHMENTS}/:fileId${ATTACHMENT_META_PATH}`, async (context) => {
    const request = await attachmentRequest(context, settings, 'attachment.readMeta');
    const meta = await request.scope.store.getAttachmentMeta(
      request.scope.environmentId,
      request.recordKey,
      request.fileId,
    );
    return metaAnswer(context, request, meta);
  });
  app.patch(
    `${ATTACHMENTS}/:fileId${ATTACHMENT_META_PATH}`,
    jsonBodyLimit(settings.maxJsonBodySize),
    (context) => updateMeta(context, settings),
  );
}
