import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { DEFAULT_COUNTRIES } from '../src/config/countries.ts';
import { createSilentLogger } from '../src/logger.ts';
import { type AppHarness, HARNESS_TIMEOUT_MS, startHarness } from './support/app-harness.ts';
import { hashedKey, type WireRecord } from './support/records.ts';
import { expectErrors, WIRE_DATE } from './support/responses.ts';

let harness: AppHarness;
const recordKey = hashedKey('with-files');
const US = '/v2/storage/records/us';
const FILES = `${US}/${recordKey}/attachments`;

beforeAll(async () => {
  harness = await startHarness();
  const response = await harness.send(harness.clientA, 'POST', US, {
    record_key: recordKey,
    body: 'x',
  });
  expect(response.status).toBe(200);
}, HARNESS_TIMEOUT_MS);
afterAll(async () => harness.close());

type Meta = Record<string, unknown> & { file_id: string; size: number; download_link: string };

async function authorization(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const { 'content-type': _json, ...headers } = await harness.headers(harness.clientA, extra);
  return headers;
}

function form(content: string, filename: string, type?: string): FormData {
  const data = new FormData();
  data.append('file', new Blob([content], type === undefined ? {} : { type }), filename);
  return data;
}

async function upload(method: 'POST' | 'PUT', body: FormData, path = FILES): Promise<Response> {
  return harness.app.request(path, { method, headers: await authorization(), body });
}

async function meta(response: Response): Promise<Meta> {
  expect(response.status).toBe(200);
  return (await response.json()) as Meta;
}

describe('attachments', () => {
  it('stores an upload and answers its metadata', async () => {
    const content = 'hello attachment';
    const answer = await meta(await upload('POST', form(content, 'hello.txt', 'text/plain')));
    expect(Object.keys(answer).sort()).toEqual([
      'created_at',
      'download_link',
      'file_id',
      'filename',
      'hash',
      'mime_type',
      'size',
      'updated_at',
    ]);
    expect(answer).toMatchObject({
      filename: 'hello.txt',
      mime_type: 'text/plain',
      size: content.length,
      hash: createHash('sha256').update(content).digest('hex'),
      download_link: `http://localhost${FILES}/${answer.file_id}`,
    });
    expect(answer.created_at).toMatch(WIRE_DATE);
    const record = (await (
      await harness.send(harness.clientA, 'GET', `${US}/${recordKey}`)
    ).json()) as WireRecord;
    expect(record.attachments).toContainEqual(answer);
  });

  it('streams a chunked multipart body', async () => {
    const boundary = 'xyz-boundary';
    const parts = [
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ...Array.from({ length: 64 }, () => 'a'.repeat(1024)),
      `\r\n--${boundary}--\r\n`,
    ];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const headers = {
      ...(await authorization()),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    };
    const answer = await meta(
      await harness.app.request(FILES, {
        method: 'POST',
        headers,
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(answer.size).toBe(64 * 1024);
  });

  it.each([
    ['POST', 'Naïve file.txt', 'text/plain'],
    ['PUT', 'Naïve file.txt', 'text/plain'],
    ['POST', 'test_attachments.py', 'text/x-python'],
    ['PUT', 'SCRIPT.PY', 'text/x-python'],
    ['POST', 'no-extension', 'application/octet-stream'],
  ] as const)(
    '%s types a part without Content-Type named %j as %s, and keeps it',
    async (method, filename, type) => {
      const boundary = 'untyped-boundary';
      const body = new TextEncoder().encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n\r\n` +
          `content\r\n--${boundary}--\r\n`,
      );
      const headers = {
        ...(await authorization()),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      };
      const answer = await meta(await harness.app.request(FILES, { method, headers, body }));
      expect(answer).toMatchObject({ filename, mime_type: type });
      const path = `${FILES}/${answer.file_id}`;
      const stored = await meta(
        await harness.app.request(`${path}/meta`, { headers: await authorization() }),
      );
      expect(stored.mime_type).toBe(type);
      const download = await harness.app.request(path, { headers: await authorization() });
      expect(download.headers.get('content-type')).toBe(type);
      expect(await download.text()).toBe('content');
    },
  );

  it('downloads with the name, type and length, Unicode names included', async () => {
    const name = 'Überblick 東京 (v2).pdf';
    const answer = await meta(await upload('POST', form('%PDF-1.7', name, 'application/pdf')));
    const response = await harness.app.request(`${FILES}/${answer.file_id}`, {
      headers: await authorization(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe('8');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename\*=UTF-8''[^ ]+$/);
    expect(decodeURIComponent(/ filename\*=UTF-8''([^;]*)/.exec(disposition)?.[1] ?? '')).toBe(
      name,
    );
    expect(await response.text()).toBe('%PDF-1.7');
  });

  it('replaces the file of the same name on PUT, adds on POST', async () => {
    const first = await meta(await upload('PUT', form('one', 'same.txt')));
    const second = await meta(await upload('PUT', form('two two', 'same.txt')));
    expect(second.size).toBe(7);
    const record = (await (
      await harness.send(harness.clientA, 'GET', `${US}/${recordKey}`)
    ).json()) as WireRecord;
    const same = (record.attachments as Meta[]).filter(
      (attachment) => attachment.filename === 'same.txt',
    );
    expect(same.map((attachment) => attachment.size)).toEqual([7]);
    await meta(await upload('POST', form('three', 'same.txt')));
    expect(first.file_id).toBeDefined();
  });

  it('reads and updates metadata, and deletes', async () => {
    const answer = await meta(await upload('POST', form('data', 'old.txt')));
    const path = `${FILES}/${answer.file_id}`;
    expect(
      await meta(await harness.app.request(`${path}/meta`, { headers: await authorization() })),
    ).toEqual(answer);
    const patched = await meta(
      await harness.send(harness.clientA, 'PATCH', `${path}/meta`, {
        filename: 'new.txt',
        mime_type: 'text/csv',
      }),
    );
    expect(patched).toMatchObject({ filename: 'new.txt', mime_type: 'text/csv', size: 4 });
    await expectErrors(await harness.send(harness.clientA, 'PATCH', `${path}/meta`, {}), 400);
    const deleted = await harness.app.request(path, {
      method: 'DELETE',
      headers: await authorization(),
    });
    expect([deleted.status, await deleted.json()]).toEqual([200, {}]);
    for (const [method, suffix] of [
      ['GET', ''],
      ['DELETE', ''],
      ['GET', '/meta'],
    ] as const) {
      const [entry] = await expectErrors(
        await harness.app.request(`${path}${suffix}`, { method, headers: await authorization() }),
        404,
      );
      expect(entry?.source).toBe('file_id');
    }
    await expectErrors(
      await harness.send(harness.clientA, 'PATCH', `${path}/meta`, { filename: 'x' }),
      404,
    );
  });

  it('stores any MIME type text in a PATCH, as the platform does, serving it as octet-stream', async () => {
    const answer = await meta(await upload('POST', form('odd', 'odd.txt')));
    const patched = await meta(
      await harness.send(harness.clientA, 'PATCH', `${FILES}/${answer.file_id}/meta`, {
        mime_type: '123',
      }),
    );
    expect(patched.mime_type).toBe('123');
    const download = await harness.app.request(`${FILES}/${answer.file_id}`, {
      headers: await authorization(),
    });
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(await download.text()).toBe('odd');
  });

  it('refuses a MIME type with control characters in a PATCH, keeping the old one', async () => {
    const answer = await meta(await upload('POST', form('data', 'typed.txt')));
    const [patched] = await expectErrors(
      await harness.send(harness.clientA, 'PATCH', `${FILES}/${answer.file_id}/meta`, {
        mime_type: 'text/plain\r\nX-Forged: 1',
      }),
      400,
    );
    expect(patched?.source).toBe('mime_type');
    const kept = await meta(
      await harness.app.request(`${FILES}/${answer.file_id}/meta`, {
        headers: await authorization(),
      }),
    );
    expect(kept.mime_type).toBe(answer.mime_type);
  });

  it('serves a stored type that is no header value as application/octet-stream', async () => {
    const answer = await meta(await upload('POST', form('legacy', 'legacy.txt')));
    const store = await harness.stores.country('us');
    await store.updateAttachmentMeta(harness.clientA.environmentId, recordKey, answer.file_id, {
      mimeType: 'text/plain\r\nX-Forged: 1',
    });
    const download = await harness.app.request(`${FILES}/${answer.file_id}`, {
      headers: await authorization(),
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('x-forged')).toBeNull();
    expect(await download.text()).toBe('legacy');
  });

  it('answers 404 for a missing record and 413 past the size limit, storing nothing', async () => {
    const missing = await upload(
      'POST',
      form('x', 'a.txt'),
      `${US}/${hashedKey('no-such-record')}/attachments`,
    );
    expect((await expectErrors(missing, 404))[0]?.source).toBe('record_key');
    const small = createApp({
      ...harness,
      countries: DEFAULT_COUNTRIES,
      maxAttachmentSize: 1000,
      logger: createSilentLogger(),
    });
    const key = hashedKey('small-files');
    await harness.send(harness.clientA, 'POST', US, { record_key: key });
    const path = `${US}/${key}/attachments`;
    const tooBig = await small.request(path, {
      method: 'POST',
      headers: await authorization(),
      body: form('b'.repeat(1001), 'big.txt'),
    });
    expect((await expectErrors(tooBig, 413))[0]).toMatchObject({
      title: 'Payload Too Large',
      source: 'file',
    });
    const declared = await small.request(path, {
      method: 'POST',
      headers: {
        ...(await authorization()),
        'content-length': String(5 * 1024 * 1024),
        'content-type': 'multipart/form-data; boundary=x',
      },
      body: 'x',
    });
    await expectErrors(declared, 413);
    const record = (await (
      await harness.send(harness.clientA, 'GET', `${US}/${key}`)
    ).json()) as WireRecord;
    expect(record.attachments).toEqual([]);
  });

  it('refuses bodies that are not a multipart upload with a file part', async () => {
    await expectErrors(await harness.send(harness.clientA, 'POST', FILES, { file: 'x' }), 415);
    const noFile = new FormData();
    noFile.append('other', 'value');
    await expectErrors(await upload('POST', noFile), 400);
    const headers = {
      ...(await authorization()),
      'content-type': 'multipart/form-data; boundary=cut',
    };
    const cut = await harness.app.request(FILES, {
      method: 'POST',
      headers,
      body: '--cut\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\npartial',
    });
    await expectErrors(cut, 400);
  });

  it('serves SSE records by raw key, with links built on it', async () => {
    const rawKey = 'raw key ü';
    await harness.send(
      harness.clientA,
      'POST',
      US,
      { record_key: rawKey },
      { 'x-encrypted-storage': 'true' },
    );
    const path = `${US}/${encodeURIComponent(rawKey)}/attachments`;
    const response = await harness.app.request(path, {
      method: 'POST',
      headers: await authorization({ 'x-encrypted-storage': 'true' }),
      body: form('s', 's.txt'),
    });
    const answer = await meta(response);
    expect(answer.download_link).toBe(`http://localhost${path}/${answer.file_id}`);
  });

  it('builds download links on the configured public URL', async () => {
    const proxied = createApp({
      ...harness,
      countries: DEFAULT_COUNTRIES,
      publicUrl: 'https://eu.example.com/',
      logger: createSilentLogger(),
    });
    const answer = await meta(
      await proxied.request(FILES, {
        method: 'POST',
        headers: await authorization(),
        body: form('p', 'p.txt'),
      }),
    );
    expect(answer.download_link).toBe(`https://eu.example.com${FILES}/${answer.file_id}`);
  });
});
