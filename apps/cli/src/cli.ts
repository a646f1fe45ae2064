// Parses the command line with `node:util` `parseArgs`, picks the command and turns every
// failure into a message on stderr and an exit code (see exit-codes.ts). `main.ts` runs it on
// the real process; tests run it with their own streams and commands.
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { VERSION } from '@residency/sdk';
import type { FlagSpecs, FlagValues } from './arguments.ts';
import type { Command } from './commands/command.ts';
import { createCommands } from './commands/index.ts';
import { CONNECTION_FLAGS, connect, type Environment } from './connection.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { createOutput } from './output.ts';

/** What one run talks to. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Whether stderr is a terminal (the migration progress bar). */
  readonly stderrIsTTY: boolean;
  readonly environment: Environment;
}

const GLOBAL_FLAGS: FlagSpecs = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

const CONNECTION_HELP = `Connection (flags win over --credentials, which wins over the environment):
  --credentials FILE          the server's credentials.json (environmentId, clientId, …)
  --environment-id ID         or INC_ENVIRONMENT_ID
  --client-id ID              or INC_CLIENT_ID
  --client-secret-file FILE   or INC_CLIENT_SECRET (never as an argument: ps and shell history show it)
  --endpoint URL              or INC_ENDPOINT
  --auth-endpoint URL         the OAuth token URL
  --countries-endpoint URL    the countries list URL
  --secret-file FILE          encryption secrets: secrets data JSON or one plain secret
                              (or INC_SECRETS_DATA / INC_SECRET)
  --sse                       server-side encryption: no local secret
  --plain-search-keys         store and search key1..key20 in plain text (hashSearchKeys: false):
                              needed for searchKeys, $like and sorting on key1..key20
Global: --json (one JSON document on stdout), --help, --version`;

function cliVersion(): string {
  const manifest = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function helpText(commands: readonly Command[]): string {
  const lines = commands.map((command) => `  ${command.name.padEnd(9)} ${command.summary}`);
  return `Usage: residency COMMAND [ARGS] [FLAGS]\n\nCommands:\n${lines.join('\n')}\n\n${CONNECTION_HELP}\n\n'residency COMMAND --help' shows a command's arguments.\n`;
}

function commandHelp(command: Command): string {
  const connection = command.connects ? `\n${CONNECTION_HELP}\n` : '';
  return `Usage: residency ${command.name} ${command.usage}\n\n${command.summary}\n${connection}`;
}

/**
 * Our message for a `parseArgs` failure. Its own unknown-option text ends in an unbalanced
 * quote (`as in '-- "--limt"`) and its ambiguity text spans three lines, so both are written
 * here; the others keep their first line. Flag names are quoted, values never (`=…`).
 *
 * @param error What `parseArgs` threw.
 * @param help The help command to point to (`residency find --help`).
 * @returns The usage error (exit 2).
 */
function parseFailure(error: unknown, help: string): CliError {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
  const code = (error as { code?: unknown } | null)?.code;
  const flag = /^(?:Unknown option|Option) '(-[^'\s=]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) {
    return new CliError(
      `unknown flag '${flag}' (see '${help}'); an argument that starts with '-' goes after '--'`,
    );
  }
  if (message.endsWith('argument is ambiguous.') && flag !== undefined) {
    return new CliError(
      `flag '${flag}' needs a value; a value that starts with '-' is written ${flag}=-VALUE`,
    );
  }
  return new CliError(message.replace(/=[^'\s]*/g, '=…') || 'bad arguments');
}

function parse(
  argv: readonly string[],
  commands: readonly Command[],
): { values: FlagValues; positionals: string[] } {
  const options = Object.assign(
    {},
    GLOBAL_FLAGS,
    CONNECTION_FLAGS,
    ...commands.map((command) => command.flags),
  );
  try {
    // No flag is declared `multiple`, so every value is a string or a boolean.
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as FlagValues, positionals };
  } catch (error) {
    // The command is not parsed yet: the first argument names it when it is one.
    const command = commands.find((candidate) => candidate.name === argv[0]);
    throw parseFailure(error, command ? `residency ${command.name} --help` : 'residency --help');
  }
}

function checkFlags(command: Command, values: FlagValues, positionals: readonly string[]): void {
  const allowed = {
    ...GLOBAL_FLAGS,
    ...(command.connects ? CONNECTION_FLAGS : {}),
    ...command.flags,
  };
  const unknown = Object.keys(values).find((name) => !(name in allowed));
  if (unknown !== undefined) throw new CliError(`--${unknown} is not a flag of ${command.name}`);
  if (positionals.length < command.arity.min || positionals.length > command.arity.max) {
    throw new CliError(`usage: residency ${command.name} ${command.usage}`);
  }
}

async function dispatch(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[],
  output: ReturnType<typeof createOutput>,
) {
  const { values, positionals } = parse(argv, commands);
  const [name, ...rest] = positionals;
  const command = commands.find((candidate) => candidate.name === name);
  if (values.version) {
    output.result(
      { cli: cliVersion(), sdk: VERSION },
      `residency ${cliVersion()} (sdk ${VERSION})`,
    );
    return ExitCode.OK;
  }
  if (values.help && command) {
    io.stdout.write(commandHelp(command));
    return ExitCode.OK;
  }
  if (values.help || name === undefined) {
    io.stdout.write(helpText(commands));
    return values.help ? ExitCode.OK : ExitCode.USAGE;
  }
  if (!command) throw new CliError("unknown command (see 'residency --help')");
  checkFlags(command, values, rest);
  return command.run({
    positionals: rest,
    values,
    output,
    environment: io.environment,
    stderrIsTTY: io.stderrIsTTY,
    connect: () => connect(values, io.environment),
  });
}

/**
 * Runs one command line.
 *
 * @param argv The arguments after `residency`.
 * @param io The streams and environment.
 * @param commands The commands; the real ones by default.
 * @returns The exit code.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = createCommands(),
): Promise<ExitCode> {
  // `--json` is looked up before parsing, so even a parse failure answers in JSON.
  const output = createOutput(argv.includes('--json'), io);
  try {
    return await dispatch(argv, io, commands, output);
  } catch (error) {
    return output.failure(error);
  }
}
