// No file name, MIME type, content or record key reaches a log line or an error message, on
// success or failure.
import { errorResponse } from '@residency/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachmentHandler, createAttachments, storedKey, tokens } from './support/harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const MARKERS = ['key-marker-7c1', 'name-marker-7c1', 'content-marker-7c1', 'x-marker/type-7c1'];

function recordingLogger() {
  const lines: unknown[] = [];
  const at = (...args: unknown[]) => {
    lines.push(args);
  };
  return { lines, debug: at, info: at, warn: at, error: at };
}

describe('what attachments log and throw', () => {
  it.each([200, 404, 413, 500])('leaks nothing when the server answers %i', async (status) => {
    const key = storedKey('key-marker-7c1');
    const answer = () =>
      status === 200
        ? Response.json({
            file_id: 'f',
            filename: 'n',
            hash: '',
            mime_type: 'm',
            size: 1,
            created_at: 'bad',
            updated_at: 'bad',
            download_link: '',
          })
        : errorResponse(status);
    server.use(
      tokens().handler,
      attachmentHandler('POST', `/${key}/attachments`, answer).handler,
      attachmentHandler('PATCH', `/${key}/attachments/f/meta`, answer).handler,
    );
    const logger = recordingLogger();
    const attachments = createAttachments({ logger, transport: { logger } });
    const outcomes = await Promise.allSettled([
      attachments.addAttachment('us', 'key-marker-7c1', new Blob(['content-marker-7c1']), {
        fileName: 'name-marker-7c1',
        mimeType: 'x-marker/type-7c1',
      }),
      attachments.updateAttachmentMeta('us', 'key-marker-7c1', 'f', {
        fileName: 'name-marker-7c1',
      }),
      attachments.addAttachment('us', 'key-marker-7c1', new Blob(['content-marker-7c1']), {
        fileName: '',
      }),
    ]);

    const errors = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason] : [],
    );
    expect(errors.length).toBeGreaterThan(0);
    const seen = JSON.stringify([
      logger.lines,
      errors.map((error: Error) => [error.message, String(error)]),
    ]);
    for (const marker of MARKERS) expect(seen).not.toContain(marker);
  });
});
