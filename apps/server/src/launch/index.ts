// The public surface of `@residency/server/launch`: start the `residency-server` binary as a
// child process and get its credentials. At run time only Node built-ins and the name of the
// credentials file: the CLI and the demos may import this entry and no other part of the server
// (style §3).

export type { Credentials } from '../lifecycle/credentials-file.ts';
export type { ServerProcess, ServerProcessOptions } from './start-server-process.ts';
export { startServerProcess } from './start-server-process.ts';
