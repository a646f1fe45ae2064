// Reading parsed flags and JSON arguments. Every failure here is a usage error (exit 2) whose
// message names the flag or argument, never the value given: a value may be personal data.
import { readFile } from 'node:fs/promises';
import { INT64_MAX, INT64_MIN, isInt64, parseJson } from '@residency/sdk';
import * as v from 'valibot';
import { CliError, ExitCode } from './exit-codes.ts';

/** The flags of one run as `node:util` `parseArgs` returns them. */
export type FlagValues = { readonly [name: string]: string | boolean | undefined };

/** The flag descriptors of a command, as `parseArgs` takes them. */
export type FlagSpecs = {
  readonly [name: string]: { readonly type: 'string' | 'boolean'; readonly short?: string };
};

/**
 * A string flag's value.
 *
 * @param values The parsed flags.
 * @param name The flag's name without dashes.
 * @returns Its value, or `undefined` when not given.
 */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A boolean flag's value.
 *
 * @param values The parsed flags.
 * @param name The flag's name without dashes.
 * @returns Whether it was given.
 */
export function booleanFlag(values: FlagValues, name: string): boolean {
  return values[name] === true;
}

/**
 * An integer flag's value, checked against a range.
 *
 * @param values The parsed flags.
 * @param name The flag's name without dashes.
 * @param range The allowed bounds, inclusive.
 * @returns The integer, or `undefined` when not given.
 * @throws {CliError} When it is not an integer within the range.
 */
export function integerFlag(
  values: FlagValues,
  name: string,
  range: { readonly min: number; readonly max: number } = {
    min: Number.MIN_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
  },
): number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) return undefined;
  const number = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < range.min || number > range.max) {
    throw new CliError(`--${name} must be an integer from ${range.min} to ${range.max}`);
  }
  return number;
}

/**
 * Reads an integer flag of a range key: a signed 64-bit integer, a number when it is a safe
 * integer, else a bigint (exact where `Number` would round it).
 *
 * @param values The parsed flags.
 * @param name The flag's name, e.g. `range-key1`.
 * @returns The value, or `undefined` when the flag is absent.
 * @throws {CliError} When the text is not an integer from −2^63 to 2^63 − 1 (exit 2).
 */
export function int64Flag(values: FlagValues, name: string): number | bigint | undefined {
  const text = stringFlag(values, name)?.trim();
  if (text === undefined) return undefined;
  const value = /^-?\d{1,19}$/.test(text) ? BigInt(text) : undefined;
  if (value === undefined || !isInt64(value)) {
    throw new CliError(`--${name} must be an integer from ${INT64_MIN} to ${INT64_MAX}`);
  }
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

/**
 * Parses a JSON argument and checks its shape.
 *
 * @param text The argument.
 * @param what How the message names it (`FILTER_JSON`, `--sort`).
 * @param schema The shape it must have.
 * @returns The parsed value.
 * @throws {CliError} When it is not JSON or not of that shape (exit 2).
 */
export function parseJsonArgument<Schema extends v.GenericSchema>(
  text: string,
  what: string,
  schema: Schema,
): v.InferOutput<Schema> {
  let parsed: unknown;
  try {
    // parseJson: an integer past 2^53 (a range key) becomes an exact bigint, not a rounded number.
    parsed = parseJson(text);
  } catch {
    // The parser's message quotes the input, which may be personal data: not repeated.
    throw new CliError(`${what} is not valid JSON`);
  }
  const result = v.safeParse(schema, parsed);
  if (!result.success) throw new CliError(`${what} ${result.issues[0].message}`);
  return result.output;
}

/**
 * Reads a file the user named, as text.
 *
 * @param path The path.
 * @param flag The flag that named it, for the message.
 * @returns The file's content.
 * @throws {CliError} When it cannot be read; the exit code is the caller's (usage by default).
 */
export async function readTextFile(
  path: string,
  flag: string,
  exitCode: ExitCode = ExitCode.USAGE,
): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot read the file of ${flag} (${code})`, exitCode);
  }
}

/** A JSON object (any keys); what `--record`, filters and sort criteria are. */
export const JsonObjectSchema: v.GenericSchema<{ [key: string]: unknown }> = v.record(
  v.string(),
  v.unknown(),
  'must be a JSON object',
);
