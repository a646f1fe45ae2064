// What `residency-server` does: serve (until a signal), manage environments (`env add`,
// `env list`, `env rotate-secret`, `env remove`), and print the audit log (`audit`). Output is for
// the operator: stdout gets the `listening on` line, first-run credentials and `env add`'s JSON;
// stderr gets logs and errors. Nothing secret ever goes to the log.

import { AuditQueryError } from '../audit/audit-query.ts';
import { loadServerConfig } from '../config/load-config.ts';
import { EnvironmentRegistry } from '../environments/environment-registry.ts';
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
  readonly logger: Logger;
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
  const server = await launchServer(config, { logger: io.logger });
  if (server.credentials === undefined) {
    io.logger.warn('no development client secret in the data folder: credentials.json not written');
  }
  if (server.createdClient !== undefined && server.credentials !== undefined) {
    io.stdout(firstRunBanner(server.credentials, server.credentialsPath ?? ''));
  }
  io.stdout(`listening on ${server.url}\n`);
  return { exitCode: 0, server };
}

async function addEnvironment(name: string, flags: Flags, io: CliIo): Promise<CliResult> {
  const registry = await registryOf(flags, io);
  const client = await registry.addEnvironment(name, {
    plainSearchKeys: flags['plain-search-keys'] === true,
  });
  io.stdout(`${JSON.stringify(client, null, 2)}\n`);
  return { exitCode: 0 };
}

async function registryOf(flags: Flags, io: CliIo): Promise<EnvironmentRegistry> {
  const config = await loadServerConfig({ flags, env: io.env, cwd: io.cwd });
  return EnvironmentRegistry.forDataDir(config.dataDir);
}

function printJson(io: CliIo, value: unknown): CliResult {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  return { exitCode: 0 };
}

async function run(command: Command, io: CliIo): Promise<CliResult> {
  switch (command.kind) {
    case 'help':
      io.stdout(helpText());
      return { exitCode: 0 };
    case 'env-add':
      return addEnvironment(command.name, command.flags, io);
    case 'env-list':
      return printJson(io, await (await registryOf(command.flags, io)).summaries());
    case 'env-rotate-secret': {
      const client = command.flags.client;
      const registry = await registryOf(command.flags, io);
      const rotated = await registry.rotateSecret(
        command.name,
        typeof client === 'string' ? client : undefined,
      );
      return printJson(io, rotated);
    }
    case 'audit':
      await printAuditRows(command.flags, io);
      return { exitCode: 0 };
    case 'env-remove':
      await (await registryOf(command.flags, io)).removeEnvironment(command.name);
      return printJson(io, { environmentId: command.name, removed: true });
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
