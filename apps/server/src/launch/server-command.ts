// How to run the `residency-server` binary that sits next to this file, in one Node process:
// from sources (this file is itself a `.ts` source, loaded with the `@residency/source`
// condition) with tsx as a loader, as style §5 runs apps; from the build, `dist/main.js` with
// plain Node. One process, not the `tsx` command: that would put a wrapper process (46 MiB)
// around the server, between the caller's signals and the server.

import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Node's arguments that run the server, before the server's own flags.
 *
 * @returns The arguments for `process.execPath`.
 */
export function serverCommand(): string[] {
  const fromSources = import.meta.url.endsWith('.ts');
  const main = fileURLToPath(new URL(fromSources ? '../main.ts' : '../main.js', import.meta.url));
  if (!fromSources) return [main];
  // tsx is this package's (dev) dependency: sources only run in a checkout.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--conditions=@residency/source', '--import', tsx, main];
}

/**
 * The caller's environment without `RESIDENCY_*` settings, plus the given variables: a
 * developer's settings (a PostgreSQL URL, another data folder, a public URL) must not redirect a
 * server whose data belongs in the folder it was given.
 *
 * @param extra Variables for the server.
 * @returns The server's environment.
 */
export function serverEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('RESIDENCY_'));
  return { ...Object.fromEntries(inherited), ...extra };
}
