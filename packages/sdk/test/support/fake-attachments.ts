// The attachment routes of the fake PoP (protocol.md §4.8): files kept per stored record key,
// uploads read from the multipart body as sent, downloads named with `filename*=UTF-8''…`.

import {
  attachmentMetaBody,
  createRecordingHandler,
  parseMultipart,
  type RecordedRequest,
  type RecordingHandler,
} from '@residency/testing';
import type { HttpHandler } from 'msw';

/** One stored file. */
export interface FakeFile {
  fileId: string;
  filename: string;
  mimeType: string;
  readonly data: Uint8Array;
}

/** The attachment routes and their files. */
export interface FakeAttachments {
  readonly handlers: HttpHandler[];
  /** Files by stored record key. */
  readonly files: Map<string, FakeFile[]>;
  /** Every attachment request, oldest first. */
  readonly calls: () => RecordedRequest[];
}

const DATE = '2024-05-01T12:00:00.000+00:00';

function notFound(source: string): Response {
  return Response.json(
    { errors: [{ title: 'Not Found', source, detail: 'does not exist' }] },
    { status: 404 },
  );
}

function metaOf(file: FakeFile) {
  return attachmentMetaBody({
    file_id: file.fileId,
    filename: file.filename,
    mime_type: file.mimeType,
    size: file.data.byteLength,
    created_at: DATE,
    updated_at: DATE,
  });
}

/**
 * Creates the attachment routes below `prefix` (`…/records/:country`).
 *
 * @param prefix The records prefix pattern.
 * @param recordExists Whether a country holds a record with this stored key.
 * @returns The handlers and the files.
 */
export function fakeAttachments(
  prefix: string,
  recordExists: (country: string, key: string) => boolean,
): FakeAttachments {
  const files = new Map<string, FakeFile[]>();
  let nextId = 1;
  const parts = (call: RecordedRequest) => call.path.split('/').map(decodeURIComponent);
  const find = (call: RecordedRequest) => {
    const [, , , , , key = '', , fileId] = parts(call);
    return files.get(key)?.find((file) => file.fileId === fileId);
  };
  const upload = (call: RecordedRequest, upsert: boolean) => {
    const [, , , , country = '', key = ''] = parts(call);
    if (!recordExists(country, key)) return notFound('record_key');
    const [part] = parseMultipart(call.bytes, call.headers['content-type'] ?? '').parts;
    const filename = decodeURIComponent(
      (part?.disposition['filename*'] ?? '').replace("UTF-8''", ''),
    );
    const list = (files.get(key) ?? []).filter((file) => !upsert || file.filename !== filename);
    const file = {
      fileId: `file-${nextId++}`,
      filename,
      mimeType: part?.headers['content-type'] ?? 'application/octet-stream',
      data: part?.data ?? new Uint8Array(0),
    };
    files.set(key, [...list, file]);
    return Response.json(metaOf(file));
  };
  const routes: RecordingHandler[] = [
    createRecordingHandler('POST', `${prefix}/:key/attachments`, ({ call }) => upload(call, false)),
    createRecordingHandler('PUT', `${prefix}/:key/attachments`, ({ call }) => upload(call, true)),
    createRecordingHandler('GET', `${prefix}/:key/attachments/:fileId`, ({ call }) => {
      const file = find(call);
      if (file === undefined) return notFound('file_id');
      const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`;
      return new Response(file.data.slice(), { headers: { 'content-disposition': disposition } });
    }),
    createRecordingHandler('GET', `${prefix}/:key/attachments/:fileId/meta`, ({ call }) => {
      const file = find(call);
      return file === undefined ? notFound('file_id') : Response.json(metaOf(file));
    }),
    createRecordingHandler('PATCH', `${prefix}/:key/attachments/:fileId/meta`, ({ call }) => {
      const file = find(call);
      if (file === undefined) return notFound('file_id');
      const changes = call.body as { filename?: string; mime_type?: string };
      file.filename = changes.filename ?? file.filename;
      file.mimeType = changes.mime_type ?? file.mimeType;
      return Response.json(metaOf(file));
    }),
    createRecordingHandler('DELETE', `${prefix}/:key/attachments/:fileId`, ({ call }) => {
      const file = find(call);
      if (file === undefined) return notFound('file_id');
      const [, , , , , key = ''] = parts(call);
      files.set(
        key,
        (files.get(key) ?? []).filter((kept) => kept !== file),
      );
      return Response.json({});
    }),
  ];
  return {
    handlers: routes.map((route) => route.handler),
    files,
    calls: () => routes.flatMap((route) => route.calls),
  };
}
