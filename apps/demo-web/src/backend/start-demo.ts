// Puts the demo together: the backend first (its port decides the page's origin), then the
// storage server with CORS for that origin, then the backend's API connected to the server.
// `stop` undoes it in reverse and leaves nothing running.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startServerProcess } from '@residency/server/launch';
import { startDemoBackend } from './demo-backend.ts';
import { ServerClient } from './server-client.ts';

/** Options of `startDemo`. */
export interface DemoOptions {
  /** The backend's port; 0 picks a free one. */
  readonly port: number;
  /** The server's data folder, kept afterwards; default a temporary folder, removed by `stop`. */
  readonly dataDir?: string | undefined;
  /** The built page's folder; default this package's `dist/page`. */
  readonly pageDir?: string | undefined;
  /** Receives the storage server's log. */
  readonly onServerLog?: ((text: string) => void) | undefined;
  /** Abandons the start: the server is stopped and `startDemo` rejects. */
  readonly signal?: AbortSignal | undefined;
}

/** A running demo. */
export interface RunningDemo {
  /** Where to open the page. */
  readonly url: string;
  /** The storage server's data folder. */
  readonly dataDir: string;
  /** Settles when the storage server's process exits, also when it dies on its own. */
  readonly serverExited: Promise<number | null>;
  /** Stops the backend and the server (waiting for its process to exit). */
  stop(): Promise<void>;
}

/** The page's build output, beside `src/` (`vite build` writes it). */
const DEFAULT_PAGE_DIR: string = join(import.meta.dirname, '..', '..', 'dist', 'page');

/** Short-lived on purpose: the page asks the backend for a new token before this runs out. */
const TOKEN_TTL_SECONDS = 600;

async function checkPageBuilt(pageDir: string): Promise<void> {
  const index = await stat(join(pageDir, 'index.html')).catch(() => undefined);
  if (index === undefined) {
    throw new Error(`no built page in ${pageDir}: run "pnpm build" (vite build) first`);
  }
}

/**
 * Starts the backend and the storage server it uses.
 *
 * @param options The backend's port, the data folder, the page's folder, an abort signal.
 * @returns The running demo.
 * @throws {Error} The page is not built, the port is taken, the server did not start, or the
 *   start was aborted.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const pageDir = options.pageDir ?? DEFAULT_PAGE_DIR;
  await checkPageBuilt(pageDir);
  const backend = await startDemoBackend({ port: options.port, pageDir });
  const cors = backend.origins.flatMap((origin) => ['--cors-origin', origin]);
  try {
    const server = await startServerProcess({
      dataDir: options.dataDir,
      tempPrefix: 'residency-demo-web-',
      args: ['--host', '127.0.0.1', '--token-ttl', String(TOKEN_TTL_SECONDS), ...cors],
      onLog: options.onServerLog,
      signal: options.signal,
    });
    backend.attach(new ServerClient(server.credentials));
    const stop = async () => {
      await backend.close();
      await server.stop();
    };
    return { url: backend.url, dataDir: server.dataDir, serverExited: server.exited, stop };
  } catch (error) {
    await backend.close();
    throw error;
  }
}
