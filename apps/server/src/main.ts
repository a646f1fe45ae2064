// The `residency-server` binary: runs the CLI, and for `serve` stops gracefully on SIGINT or
// SIGTERM: drains (lifecycle/graceful-shutdown.ts), stops the purge, closes the databases,
// exits 0. A second signal exits at once, with 1.

import { setFlagsFromString } from 'node:v8';
import { runCli } from './cli/run-cli.ts';
import type { Logger } from './logger.ts';
import { createFormatLogger, resolveLogFormat } from './observability/log-format.ts';

// PGlite's WebAssembly module compiled on V8's background threads (the default) held the main
// thread 200-300 ms after the database had opened; compiled in line, a start is that much
// sooner (bench/startup.ts). The flag is read when a module is compiled, which is later.
setFlagsFromString('--no-wasm-async-compilation');
// Owner-only files and folders: the data folder holds keys, secrets and records.
process.umask(0o077);
const stderrIsTerminal = process.stderr.isTTY === true;
let logger: Logger = createFormatLogger(resolveLogFormat(undefined, stderrIsTerminal));
const result = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  logger,
  loggerFor: (config) => {
    logger = createFormatLogger(resolveLogFormat(config.logFormat, stderrIsTerminal));
    return logger;
  },
});
const server = result.server;
if (server === undefined) {
  process.exitCode = result.exitCode;
} else {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${(error as Error)?.name ?? 'error'}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
