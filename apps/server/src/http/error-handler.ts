// Every failure becomes an error body (protocol.md §3). Refusals carry their status and rule;
// the store's failures map to 412, 404 and 413; anything unexpected is a 500 with a generic body,
// logged with the request id and the route pattern — never the body, never the path itself
// (in SSE mode a path holds a raw record key), never the error's message.

import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { MalformedUploadError } from '../attachments/multipart-upload.ts';
import type { Logger } from '../logger.ts';
import { methodLabel } from '../observability/route-labels.ts';
import {
  AttachmentTooLargeError,
  PreconditionFailedError,
  RecordNotFoundError,
  UnknownCountryError,
} from '../store/index.ts';
import { ApiError, type ErrorStatus, errorBody } from './api-error.ts';
import type { AppEnv } from './app-env.ts';

// Node breaks a request off when its framing turns bad after the headers (a chunk size that is
// no number, a body cut short): `abortIncoming` errors the body with this error, and a route
// reading the body gets it. The client's fault, not the server's: nobody receives the answer,
// and no failure is logged.
function isClientAbort(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'ECONNRESET' &&
    error.message === 'aborted'
  );
}

function knownError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (isClientAbort(error)) {
    return ApiError.of(400, 'body', 'was broken off before its end');
  }
  if (error instanceof RecordNotFoundError) {
    return ApiError.of(404, 'record_key', 'names no record of this environment in this country');
  }
  if (error instanceof AttachmentTooLargeError) {
    return ApiError.of(413, 'file', `must be at most ${error.maxSize} bytes`);
  }
  if (error instanceof PreconditionFailedError) {
    return ApiError.of(412, 'expected_updated_at', "must equal the record's current updated_at");
  }
  if (error instanceof UnknownCountryError) {
    return ApiError.of(404, 'country', 'is not served by this server');
  }
  if (error instanceof MalformedUploadError) {
    return ApiError.of(400, 'body', 'must be multipart/form-data with a part named file');
  }
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    const status = ([400, 401, 403, 404, 405, 412, 413, 415] as const).find(
      (code) => code === error.status,
    );
    return ApiError.of(status ?? 400, 'request', 'was refused');
  }
  return undefined;
}

// What is logged of an unexpected error: its class, its code (a database's SQLSTATE) and where it
// was thrown, never its message: database and parser messages quote the offending input
// (`date/time field value out of range: "0000-01-01…"`), and input is the client's data.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim());
  const where = frames.length > 0 ? ` at ${frames.join(' < ')}` : '';
  return `${error.name}${typeof code === 'string' ? ` (${code})` : ''}${where}`;
}

/**
 * Makes the app's error handler.
 *
 * @param logger Where unexpected errors are logged.
 * @returns The handler for `app.onError`.
 */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, context) => {
    const known = knownError(error);
    if (known !== undefined) return errorAnswer(context, known.status, known);
    const requestId = context.get('requestId') ?? '-';
    logger.error(
      `${requestId} ${methodLabel(context.req.method)} ${context.req.routePath} failed: ${describe(error)}`,
    );
    return errorAnswer(
      context,
      500,
      ApiError.of(500, 'server', `unexpected error; the server log names request ${requestId}`),
    );
  };
}

function errorAnswer(context: Context<AppEnv>, status: ErrorStatus, error: ApiError): Response {
  if (status === 401) context.header('WWW-Authenticate', 'Bearer realm="residency"');
  return context.json(errorBody(status, error.problems), status);
}

/**
 * The app's answer to a request no route matches: 404 with an error body.
 *
 * @returns The handler for `app.notFound`.
 */
export function createNotFoundHandler(): NotFoundHandler<AppEnv> {
  return (context) =>
    context.json(errorBody(404, [{ source: 'path', detail: 'names no route of this API' }]), 404);
}
