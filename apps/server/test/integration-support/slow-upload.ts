// An attachment upload written to a socket in two halves, so a test can do something (stop the
// server, say) while the server is receiving it.

import { connect } from 'node:net';

/** Where and as whom to upload. */
export interface SlowUploadTarget {
  /** The attachments path, e.g. `/v2/storage/records/de/<key>/attachments`. */
  readonly path: string;
  readonly token: string;
  readonly environmentId: string;
}

/** An upload under way. */
export interface SlowUpload {
  /** Writes the first half of the file. */
  sendPart(): Promise<void>;
  /** Writes the rest and the closing boundary; resolves with the whole answer once closed. */
  finish(): Promise<string>;
}

const BOUNDARY = 'slow-upload-boundary';
const HALF = 'x'.repeat(16 * 1024);

/**
 * Opens a connection and sends an upload's headers; the body follows on request.
 * @param url The server's base URL.
 * @param target The path, token and environment.
 * @returns The upload.
 */
export function slowUpload(url: string, target: SlowUploadTarget): Promise<SlowUpload> {
  const { hostname, port } = new URL(url);
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\nContent-Type: text/plain\r\n\r\n`;
  const tail = `\r\n--${BOUNDARY}--\r\n`;
  const length = Buffer.byteLength(head) + 2 * HALF.length + Buffer.byteLength(tail);
  const headers = [
    `POST ${target.path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    `Authorization: Bearer ${target.token}`,
    `x-env-id: ${target.environmentId}`,
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
    `Content-Length: ${length}`,
    'Connection: close',
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`${headers.join('\r\n')}\r\n\r\n${head}`);
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        received += chunk;
      });
      const closed = new Promise<string>((done) => socket.once('close', () => done(received)));
      const write = (text: string) =>
        new Promise<void>((done, fail) =>
          socket.write(text, (error) => (error ? fail(error) : done())),
        );
      resolve({
        sendPart: () => write(HALF),
        finish: async () => {
          await write(`${HALF}${tail}`);
          return closed;
        },
      });
    });
    socket.once('error', reject);
  });
}
