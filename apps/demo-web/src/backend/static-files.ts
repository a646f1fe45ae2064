// Serves the built page (`vite build` output) read-only: GET and HEAD, files inside the build
// folder only, the right Content-Type, and no directory listings.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: { readonly [extension: string]: string } = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * The file a URL path names inside the build folder, or undefined when it would escape it.
 *
 * @param root The build folder (absolute).
 * @param urlPath The request's path, still percent-encoded.
 * @returns The absolute file path, or undefined.
 */
function staticFilePath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const path = normalize(join(root, relative));
  // `..` segments that climb out of the folder are refused, whatever their encoding.
  return path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : undefined;
}

/**
 * Answers a GET or HEAD with a file of the build folder, or 404.
 *
 * @param request The request.
 * @param response The response.
 * @param root The build folder (absolute).
 * @param headers Headers every answer carries (the security headers).
 * @returns When the answer is under way.
 */
export async function serveStaticFile(
  request: IncomingMessage,
  response: ServerResponse,
  root: string,
  headers: { readonly [name: string]: string },
): Promise<void> {
  const path = staticFilePath(root, new URL(request.url ?? '/', 'http://localhost').pathname);
  const info = path === undefined ? undefined : await stat(path).catch(() => undefined);
  if (path === undefined || info === undefined || !info.isFile()) {
    response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    response.end('not found');
    return;
  }
  response.writeHead(200, {
    ...headers,
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    // Vite names what it puts in assets/ by content hash; anything else must be revalidated.
    'cache-control': path.startsWith(join(root, 'assets') + sep)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(path).pipe(response);
}
