import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  attachmentMetaBody,
  createRecordingHandler,
  parseMultipart,
  preconditionFailedResponse,
} from '../src/index.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const encoder = new TextEncoder();

describe('recorded bytes', () => {
  it('keeps the body bytes exactly, binary included', async () => {
    const recorded = createRecordingHandler('POST', 'https://pop.test/up', () => Response.json({}));
    server.use(recorded.handler);
    const bytes = new Uint8Array([0, 255, 1, 128, 10]);

    await fetch('https://pop.test/up', { method: 'POST', body: bytes });

    expect(recorded.calls[0]?.bytes).toEqual(bytes);
    expect(recorded.calls[0]?.bodyFailed).toBe(false);
  });

  it('answers a body that fails while read with a network error, without the resolver', async () => {
    let resolved = false;
    const recorded = createRecordingHandler('POST', 'https://pop.test/up', () => {
      resolved = true;
      return Response.json({});
    });
    server.use(recorded.handler);
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.error(new Error('broken')),
    });

    const outcome = fetch('https://pop.test/up', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);

    await expect(outcome).rejects.toThrow(TypeError);
    expect(recorded.calls[0]?.bodyFailed).toBe(true);
    expect(resolved).toBe(false);
  });
});

describe('parseMultipart', () => {
  const body = (text: string) => encoder.encode(text);

  it('reads the parts, their headers, disposition and content', () => {
    const sent = body(
      '--b1\r\nContent-Disposition: form-data; name="file"; filename="a\\"b.txt"; ' +
        "filename*=UTF-8''a%22b.txt\r\nContent-Type: text/plain\r\n\r\nline 1\r\nline 2" +
        '\r\n--b1\r\nContent-Disposition: form-data; name="other"\r\n\r\n\r\n--b1--\r\n',
    );

    const parsed = parseMultipart(sent, 'multipart/form-data; boundary=b1');

    expect(parsed.boundary).toBe('b1');
    expect(parsed.parts).toHaveLength(2);
    expect(parsed.parts[0]?.headers['content-type']).toBe('text/plain');
    expect(parsed.parts[0]?.disposition).toEqual({
      name: 'file',
      filename: 'a"b.txt',
      'filename*': "UTF-8''a%22b.txt",
    });
    expect(new TextDecoder().decode(parsed.parts[0]?.data)).toBe('line 1\r\nline 2');
    expect(parsed.parts[1]?.data).toEqual(new Uint8Array(0));
  });

  it('fails on a body not framed by its boundary', () => {
    expect(() => parseMultipart(body('x'), 'multipart/form-data')).toThrow('no boundary');
    expect(() => parseMultipart(body('--other\r\n'), 'multipart/form-data; boundary=b1')).toThrow(
      'does not start',
    );
    expect(() =>
      parseMultipart(body('--b1\r\nA: b\r\n\r\ncontent'), 'multipart/form-data; boundary=b1'),
    ).toThrow('closing boundary');
  });
});

describe('bodies of the attachment and migration tests', () => {
  it('builds a valid attachment meta and a 412 naming records by index', async () => {
    expect(attachmentMetaBody({ size: 9 })).toMatchObject({ file_id: 'file-1', size: 9 });
    const response = preconditionFailedResponse([1]);
    expect(response.status).toBe(412);
    expect(await response.json()).toEqual({
      errors: [
        {
          title: 'Precondition Failed',
          source: 'records[1].expected_updated_at',
          detail: 'The record changed since it was read',
        },
      ],
    });
  });
});
