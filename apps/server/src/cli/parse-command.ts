// The command line of `residency-server`, parsed with `node:util` `parseArgs` (strict: an
// unknown flag or a missing value is an error, not a surprise).

import { parseArgs } from 'node:util';
import { CONFIG_KEYS } from '../config/config-keys.ts';

/** What the command line asks for. */
export type Command =
  | { readonly kind: 'serve'; readonly flags: Flags }
  | { readonly kind: 'env-add'; readonly name: string; readonly flags: Flags }
  | { readonly kind: 'env-list'; readonly flags: Flags }
  | { readonly kind: 'env-rotate-secret'; readonly name: string; readonly flags: Flags }
  | { readonly kind: 'env-remove'; readonly name: string; readonly flags: Flags }
  | { readonly kind: 'audit'; readonly flags: Flags }
  | { readonly kind: 'help' };

/** Parsed flags by name. */
export type Flags = { readonly [flag: string]: string | boolean | readonly string[] | undefined };

/** A command line that cannot be run; the message says why. */
export class UsageError extends Error {
  /**
   * @param message What is wrong.
   */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The flags of `residency-server audit` only. */
const AUDIT_FLAGS = ['country', 'environment', 'since', 'limit'] as const;

const AUDIT_USAGE =
  'usage: residency-server audit --country CC [--environment E] [--since ISO] [--limit N] [--data DIR | --postgres-url URL]';

type FlagSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

function flagSpecs(): { [flag: string]: FlagSpec } {
  const specs: { [flag: string]: FlagSpec } = {
    config: { type: 'string' },
    'plain-search-keys': { type: 'boolean' },
    client: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const flag of AUDIT_FLAGS) specs[flag] = { type: 'string' };
  for (const key of CONFIG_KEYS) {
    if (key.flag === undefined) continue;
    specs[key.flag] =
      key.flag === 'cors-origin' || key.flag === 'trusted-proxy'
        ? { type: 'string', multiple: true }
        : { type: 'string' };
  }
  return specs;
}

/**
 * Parses the arguments of `residency-server`.
 *
 * @param args The arguments after the program name.
 * @returns The command.
 * @throws {UsageError} An unknown flag, a flag without its value, or an unknown command.
 */
export function parseCommand(args: readonly string[]): Command {
  let parsed: { values: Flags; positionals: string[] };
  try {
    const result = parseArgs({ args: [...args], options: flagSpecs(), allowPositionals: true });
    parsed = { values: result.values as Flags, positionals: result.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  if (positionals[0] === 'audit') {
    if (positionals.length !== 1) throw new UsageError(AUDIT_USAGE);
    return { kind: 'audit', flags: values };
  }
  const auditFlag = AUDIT_FLAGS.find((flag) => values[flag] !== undefined);
  if (auditFlag !== undefined) throw new UsageError(`--${auditFlag} belongs to "audit"`);
  if (positionals.length === 0) {
    if (values['plain-search-keys'] !== undefined) {
      throw new UsageError('--plain-search-keys belongs to "env add"');
    }
    if (values.client !== undefined) {
      throw new UsageError('--client belongs to "env rotate-secret"');
    }
    return { kind: 'serve', flags: values };
  }
  if (positionals[0] === 'env') return envCommand(positionals, values);
  throw new UsageError(`unknown command "${positionals.join(' ')}"; try --help`);
}

// Where: the data folder, or the PostgreSQL control plane.
const WHERE = '[--data DIR | --postgres-url URL | --control-url URL]';

const ENV_USAGE: { readonly [verb: string]: string } = {
  add: `usage: residency-server env add NAME ${WHERE} [--plain-search-keys]`,
  list: `usage: residency-server env list ${WHERE}`,
  'rotate-secret': `usage: residency-server env rotate-secret NAME [--client ID] ${WHERE}`,
  remove: `usage: residency-server env remove NAME ${WHERE}`,
};

function envCommand(positionals: readonly string[], flags: Flags): Command {
  const verb = positionals[1] ?? '';
  const usage = ENV_USAGE[verb];
  if (usage === undefined) {
    throw new UsageError(`unknown command "${positionals.join(' ')}"; try --help`);
  }
  if (flags['plain-search-keys'] !== undefined && verb !== 'add') {
    throw new UsageError('--plain-search-keys belongs to "env add"');
  }
  if (flags.client !== undefined && verb !== 'rotate-secret') {
    throw new UsageError('--client belongs to "env rotate-secret"');
  }
  if (verb === 'list') {
    if (positionals.length !== 2) throw new UsageError(usage);
    return { kind: 'env-list', flags };
  }
  if (positionals.length !== 3) throw new UsageError(usage);
  const name = positionals[2] as string;
  if (verb === 'add') return { kind: 'env-add', name, flags };
  if (verb === 'remove') return { kind: 'env-remove', name, flags };
  return { kind: 'env-rotate-secret', name, flags };
}

const FLAG_VALUE: { readonly [kind: string]: string } = { integer: 'N', switch: 'on|off' };

/**
 * The help text.
 *
 * @returns The usage and every flag.
 */
export function helpText(): string {
  const flags = CONFIG_KEYS.filter((key) => key.flag !== undefined).map(
    (key) =>
      `  --${`${key.flag} ${FLAG_VALUE[key.kind] ?? 'VALUE'}`.padEnd(28)}${key.help} [${key.env}]`,
  );
  return [
    'usage: residency-server [flags]               start the storage server',
    '       residency-server env add NAME [flags]  add an environment and print its client',
    '       residency-server env list [flags]      list the environments and their client ids',
    '       residency-server env rotate-secret NAME [--client ID] [flags]',
    '                                              give the client a new secret, print it; older',
    '                                              tokens and the old secret stop working',
    '       residency-server env remove NAME [flags]',
    '                                              remove an environment; its tokens stop working',
    '       residency-server audit --country CC [--environment E] [--since ISO] [--limit N] [flags]',
    '                                              print audit rows as JSON lines, newest first',
    '',
    '  --config FILE                 JSON config file (keys as in the README) [RESIDENCY_CONFIG]',
    ...flags,
    '  --plain-search-keys           env add: SSE stores key1..key20 in plain text (search, sort)',
    '  --client ID                   env rotate-secret: the client, when there are several',
    '  --country CC                  audit: the country whose log to read',
    '  --environment E               audit: only this environment',
    '  --since ISO                   audit: only rows at or after this instant',
    '  --limit N                     audit: at most N rows, 1 to 10000 (default 100)',
    '  -h, --help                    this text',
    '',
  ].join('\n');
}
