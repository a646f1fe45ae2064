// `pnpm demo`: starts the embedded server on a free port, tells the story with the facade
// only, stops the server and exits 0 — or prints what failed and exits 1. SIGINT (Ctrl-C) and
// SIGTERM stop the server and remove its data folder too, then exit 130 / 143. Nothing is left
// running or on disk in any of these ways.
import { constants } from 'node:os';
import { startServerProcess } from '@residency/server/launch';
import { createPrinter } from './printer.ts';
import { tellStory } from './story.ts';

/** Stops the server and removes its data folder; set once the start has begun. */
let stopServer: (() => Promise<void>) | undefined;

/** On the first SIGINT or SIGTERM: stop the server, remove its folder, exit 128 + the signal. */
function stopOnSignals(): void {
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      const code = 128 + constants.signals[signal];
      // A second signal while stopping: the user insists; the first stop may be hanging.
      if (signalled) process.exit(code);
      signalled = true;
      console.error(`\n${signal}: stopping the server and removing its data folder`);
      void (stopServer?.() ?? Promise.resolve()).finally(() => process.exit(code));
    });
  }
}

async function main(): Promise<number> {
  stopOnSignals();
  const printer = createPrinter((line) => console.log(line));
  console.log('Residency: personal data kept in its country, encrypted before it leaves the app.');
  const abandon = new AbortController();
  const starting = startServerProcess({ tempPrefix: 'residency-demo-', signal: abandon.signal });
  // A signal during the start abandons it (the server stopped, its folder removed); after, stops.
  stopServer = async () => {
    abandon.abort();
    await (await starting.catch(() => undefined))?.stop();
  };
  const server = await starting;
  try {
    printer.chapter('The embedded server');
    printer.line(`listening on ${server.credentials.endpoint}, data in ${server.dataDir}`);
    printer.line('one PGlite database, a schema per country, every country open before it listens');
    await tellStory(server.credentials, printer);
    console.log('\nThe story is complete.');
    return 0;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('\nThe demo failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
