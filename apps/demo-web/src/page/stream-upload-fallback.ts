// Browsers do not stream request bodies to a local HTTP/1.1 server: Chromium sends a fetch body
// that is a ReadableStream (`duplex: 'half'`) only over HTTP/2 or HTTP/3 and fails it otherwise
// (net::ERR_ALPN_NEGOTIATION_FAILED, a bare "Failed to fetch"); Firefox and Safari did not stream
// request bodies at all when this was written. The page uploads a stream of its own (it counts the
// bytes for the progress bar), the SDK sends a stream source as a stream, and the embedded server
// speaks HTTP/1.1: without this fallback `addAttachment` fails in the browser.

/** `RequestInit` with fetch's `duplex`, which not every DOM typing lists yet. */
type StreamingInit = RequestInit & { duplex?: 'half' };

/**
 * Wraps `globalThis.fetch` so that a request whose body is a stream is sent with that stream
 * read into a Blob first (memory: the upload's size). Every other request passes unchanged. The
 * SDK calls `globalThis.fetch` at each request, so it picks the wrapper up.
 */
export function installStreamUploadFallback(): void {
  const original = globalThis.fetch.bind(globalThis);
  globalThis.fetch = async (input: RequestInfo | URL, init?: StreamingInit): Promise<Response> => {
    if (!(init?.body instanceof ReadableStream)) return original(input, init);
    const { duplex: _streamingOnly, body, ...rest } = init;
    // Reading the stream drives the SDK's pull-based body, and the page's progress count with it.
    const blob = await new Response(body).blob();
    return original(input, { ...rest, body: blob });
  };
}
