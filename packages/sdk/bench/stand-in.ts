// A stand-in storage API on loopback for the SDK bench and its smoke test: real HTTP
// (node:http on 127.0.0.1), records kept in memory as sent (hashed keys, encrypted bodies) and
// answered in the shapes of protocol.md §4, with just the routes the bench calls — write, read,
// batchWrite and find by equality of string fields. It needs no token endpoint: the bench gives
// the facade a static `oauthToken`. Run alone (`node --import tsx bench/stand-in.ts`) it
// prints `{"port":…}` on one line and serves until killed, so the bench can measure the SDK
// with the server's work in another process.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

type StoredRecord = Record<string, unknown>;

// What a server adds when it stores a record (protocol.md §4.3).
const SERVER_DATE = '2024-05-01T12:00:00.000Z';

/** A stand-in listening on loopback. */
export interface StandIn {
  /** The storage API URL to pass as the facade's `endpoint`. */
  readonly endpoint: string;
  /** Stops listening and drops the open connections. */
  readonly close: () => Promise<void>;
}

function withServerFields(record: StoredRecord): StoredRecord {
  return { ...record, created_at: SERVER_DATE, updated_at: SERVER_DATE, attachments: [] };
}

function matches(record: StoredRecord, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([field, wanted]) => record[field] === wanted);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Answers one request from the records of each country. */
function route(records: Map<string, Map<string, StoredRecord>>) {
  const country = (code: string) => {
    const stored = records.get(code) ?? new Map<string, StoredRecord>();
    records.set(code, stored);
    return stored;
  };
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // /v2/storage/records/:country[/:key | /find | /batchWrite]
    const [, v2, storage, recordsPart, code = '', rest] = (request.url ?? '').split('/');
    if (v2 !== 'v2' || storage !== 'storage' || recordsPart !== 'records') {
      return send(response, 404, { errors: [{ title: 'Not Found', detail: 'No such route' }] });
    }
    const stored = country(code);
    const body = request.method === 'POST' ? await readJson(request) : undefined;
    if (request.method === 'POST' && rest === undefined) {
      const record = body as StoredRecord;
      stored.set(String(record.record_key), record);
      return send(response, 200, withServerFields(record));
    }
    if (request.method === 'POST' && rest === 'batchWrite') {
      const { records: batch } = body as { records: StoredRecord[] };
      for (const record of batch) stored.set(String(record.record_key), record);
      return send(response, 200, { records: batch.map(withServerFields) });
    }
    if (request.method === 'POST' && rest === 'find') {
      const { filter = {}, options = {} } = body as {
        filter?: Record<string, unknown>;
        options?: { limit?: number; offset?: number };
      };
      const { limit = 100, offset = 0 } = options;
      const found = [...stored.values()].filter((record) => matches(record, filter));
      const data = found.slice(offset, offset + limit).map(withServerFields);
      return send(response, 200, {
        data,
        meta: { count: data.length, limit, offset, total: found.length },
      });
    }
    if (request.method === 'GET' && rest !== undefined) {
      const record = stored.get(decodeURIComponent(rest));
      if (record !== undefined) return send(response, 200, withServerFields(record));
    }
    send(response, 404, {
      errors: [{ title: 'Not Found', source: 'record_key', detail: 'Record not found' }],
    });
  };
}

/**
 * Starts a stand-in on 127.0.0.1 at a free port.
 *
 * @returns Its endpoint and how to close it.
 */
export async function startStandIn(): Promise<StandIn> {
  const handle = route(new Map());
  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, { errors: [{ title: 'Error' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Run as a program: serve in this process until the parent kills it.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { endpoint } = await startStandIn();
  process.stdout.write(`${JSON.stringify({ port: Number(new URL(endpoint).port) })}\n`);
}
