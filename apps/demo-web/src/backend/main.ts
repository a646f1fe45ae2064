// `pnpm dev` (after `vite build`): starts the backend and the storage server, prints the page's
// URL, and on SIGINT or SIGTERM stops both and exits.
//
//   tsx --conditions=@residency/source src/backend/main.ts [--port N] [--data DIR]
//
// `--port 0` picks a free port; `--data DIR` keeps the server's data in DIR after exit (the
// default is a temporary folder, removed on exit).
import { parseArgs } from 'node:util';
import { type RunningDemo, startDemo } from './start-demo.ts';

const DEFAULT_PORT = 5180;

function parseFlags(): { port: number; dataDir: string | undefined } {
  // `pnpm dev -- --port 0` passes the `--` on: skip it rather than refuse the flags after it.
  const args = process.argv.slice(2);
  const { values } = parseArgs({
    args: args[0] === '--' ? args.slice(1) : args,
    options: { port: { type: 'string' }, data: { type: 'string' } },
  });
  const text = values.port ?? String(DEFAULT_PORT);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new Error(`--port ${text} is not a port number`);
  return { port, dataDir: values.data };
}

function exitAfter(stopping: Promise<void>, code: number): void {
  stopping.then(
    () => process.exit(code),
    (error: unknown) => {
      console.error(`stopping failed: ${(error as Error)?.message ?? 'error'}`);
      process.exit(1);
    },
  );
}

/** Aborted by a signal that arrives while the demo is starting. */
const starting = new AbortController();

async function main(): Promise<void> {
  const flags = parseFlags();
  let demo: RunningDemo | undefined;
  let stopping = false;
  const onSignal = (signal: string) => {
    // A signal often arrives twice (the terminal signals the whole process group, and pnpm and
    // tsx pass it on): exiting on the second would leave the server's data folder behind. The
    // stop is bounded instead: the server is killed if it does not exit in time.
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the demo`);
    if (demo === undefined) starting.abort();
    else exitAfter(demo.stop(), 0);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  demo = await startDemo({
    ...flags,
    onServerLog: (text) => process.stderr.write(text),
    signal: starting.signal,
  });
  const running = demo;
  if (starting.signal.aborted) {
    // The signal came as the start was ending: stop what did start.
    exitAfter(running.stop(), 0);
    return;
  }
  running.serverExited.then((code) => {
    if (stopping) return;
    stopping = true;
    console.error(`the storage server exited on its own (code ${code}); stopping the demo`);
    exitAfter(running.stop(), 1);
  });
  console.log(`Residency web demo: ${running.url} (server data in ${running.dataDir})`);
  console.log('Press Ctrl+C to stop.');
}

main().catch((error: unknown) => {
  if (starting.signal.aborted) process.exit(0);
  console.error(`the demo could not start: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
