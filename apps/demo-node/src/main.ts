// `pnpm demo`: starts the embedded server on a free port, tells the story with the facade
// only, stops the server and exits 0 — or prints what failed and exits 1. Nothing is left
// running either way.
import { startEmbeddedServer } from './embedded-server.ts';
import { createPrinter } from './printer.ts';
import { tellStory } from './story.ts';

async function main(): Promise<number> {
  const printer = createPrinter((line) => console.log(line));
  console.log('Residency: personal data kept in its country, encrypted before it leaves the app.');
  const server = await startEmbeddedServer();
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
