// What `residency-server` does: serve (until a signal), manage environments (`env add`,
// `env list`, `env rotate-secret`, `env remove`) in the data folder, or in the PostgreSQL
// control plane with `--postgres-url` or `--control-url` (same JSON output), and print the
// audit log (`audit`). Output is for
// the operator: stdout gets the `listening on` line, first-run credentials and `env add`'s JSON;
// stderr gets logs and errors. Nothing secret ever goes to the log.

import { AuditQueryError } from '../audit/audit-query.ts';
import { loadServerConfig } from '../config/load-config.ts';
import type { ServerConfig } from '../config/server-config.ts';
import { openControlPlane } from '../control/open-control-plane.ts';
import type { EnvironmentDirectory } from '../environments/environment-directory.ts';
import { type LaunchedServer, launchServer } from '../lifecycle/launch-server.ts';
import type { Logger } from '../logger.ts';
import { printAuditRows } from './audit-command.ts';
import { firstRunBanner } from './first-run-banner.ts';
import { type Command, type Flags, helpText, parseCommand } from './parse-command.ts';

/** Where the CLI reads and writes. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: { readonly [name: string]: string | undefined };
  readonly cwd: string;
  /** The log until the configuration is known, and for commands other than `serve`. */
  readonly logger: Logger;
  /** The log of `serve`, made once the configuration (its `logFormat`) is known. */
  readonly loggerFor?: ((config: ServerConfig) => Logger) | undefined;
}

/** What a CLI run left behind. */
export interface CliResult {
  /** The process exit code; 0 on success, 1 on failure, 2 on a usage error. */
  readonly exitCode: number;
  /** The running server, for `serve`; the caller stops it on a signal. */
  readonly server?: LaunchedServer | undefined;
}

async function serve(flags: Flags, io: CliIo): Promise<CliResult> {
  const config = await loadServerConfig({ flags, env: io.env, cwd: io.cwd });
  const logger = io.loggerFor?.(config) ?? io.logger;
  const server = await launchServer(config, { logger });
  if (server.credentials === undefined) {
    // The environments exist (another copy, or an earlier start in another data folder, made
    // them): the development client's secret is in that copy's data folder only.
    logger.warn(
      'environments exist and this data folder holds no development client secret: credentials.json not written',
    );
  }
  if (server.createdClient !== undefined && server.credentials !== undefined) {
    io.stdout(firstRunBanner(server.credentials, server.credentialsPath ?? ''));
  }
  io.stdout(`listening on ${server.url}\n`);
  return { exitCode: 0, server };
}

// Opens where the environments live for one command, and closes it after.
async function withEnvironments(
  flags: Flags,
  io: CliIo,
  work: (environments: EnvironmentDirectory) => Promise<unknown>,
): Promise<CliResult> {
  const config = await loadServerConfig({ flags, env: io.env, cwd: io.cwd });
  const control = await openControlPlane(config);
  try {
    io.stdout(`${JSON.stringify(await work(control.environments), null, 2)}\n`);
    return { exitCode: 0 };
  } finally {
    await control.close();
  }
}

function run(command: Command, io: CliIo): Promise<CliResult> {
  switch (command.kind) {
    case 'help':
      io.stdout(helpText());
      return Promise.resolve({ exitCode: 0 });
    case 'env-add':
      return withEnvironments(command.flags, io, (environments) =>
        environments.addEnvironment(command.name, {
          plainSearchKeys: command.flags['plain-search-keys'] === true,
        }),
      );
    case 'env-list':
      return withEnvironments(command.flags, io, (environments) => environments.summaries());
    case 'env-rotate-secret': {
      const client = command.flags.client;
      return withEnvironments(command.flags, io, (environments) =>
        environments.rotateSecret(command.name, typeof client === 'string' ? client : undefined),
      );
    }
    case 'audit':
      return printAuditRows(command.flags, io).then(() => ({ exitCode: 0 }));
    case 'env-remove':
      return withEnvironments(command.flags, io, async (environments) => {
        await environments.removeEnvironment(command.name);
        return { environmentId: command.name, removed: true };
      });
    default:
      return serve(command.flags, io);
  }
}

/**
 * Runs `residency-server` with arguments.
 *
 * @param args The arguments after the program name.
 * @param io Output streams, environment, working folder and logger.
 * @returns The exit code, and the server when one was started.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<CliResult> {
  let command: Command;
  try {
    command = parseCommand(args);
  } catch (error) {
    io.stderr(`residency-server: ${(error as Error).message}\n`);
    return { exitCode: 2 };
  }
  try {
    return await run(command, io);
  } catch (error) {
    io.stderr(`residency-server: ${(error as Error).message}\n`);
    // A bad audit filter is a usage error, as a bad flag is.
    return { exitCode: error instanceof AuditQueryError ? 2 : 1 };
  }
}
