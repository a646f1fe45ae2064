// The record of `write`: `--record JSON` for every field, then one flag per field on top
// (`--key1`, `--range-key1`, `--body-file`, …), then the KEY argument as `recordKey`.
import type { RecordInput } from '@residency/sdk';
import {
  type FlagSpecs,
  type FlagValues,
  int64Flag,
  JsonObjectSchema,
  parseJsonArgument,
  readTextFile,
  stringFlag,
} from '../arguments.ts';
import { CliError } from '../exit-codes.ts';

const SEARCH_KEYS = Array.from({ length: 20 }, (_, index) => `key${index + 1}`);
const SERVICE_KEYS = Array.from({ length: 5 }, (_, index) => `serviceKey${index + 1}`);
const RANGE_KEYS = Array.from({ length: 10 }, (_, index) => `rangeKey${index + 1}`);
const OTHER_STRINGS = ['profileKey', 'parentKey', 'precommitBody', 'expiresAt'];

/** `rangeKey1` → `range-key1`: a record field's flag name. */
function flagName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

const STRING_FIELDS = [...SEARCH_KEYS, ...SERVICE_KEYS, ...OTHER_STRINGS];

/** The flags of `write`. */
export const RECORD_FLAGS: FlagSpecs = Object.fromEntries([
  ['record', { type: 'string' }],
  ['body', { type: 'string' }],
  ['body-file', { type: 'string' }],
  ...[...STRING_FIELDS, ...RANGE_KEYS].map((field) => [flagName(field), { type: 'string' }]),
]);

async function readBody(values: FlagValues): Promise<string | undefined> {
  const body = stringFlag(values, 'body');
  const bodyFile = stringFlag(values, 'body-file');
  if (body !== undefined && bodyFile !== undefined) {
    throw new CliError('give --body or --body-file, not both');
  }
  // The body file is taken byte for byte (as UTF-8): a trailing newline is part of the body.
  return bodyFile === undefined ? body : readTextFile(bodyFile, '--body-file');
}

/**
 * Builds the record to write. The SDK validates it (`InputValidationError`, exit 2).
 *
 * @param recordKey The KEY argument.
 * @param values The parsed flags.
 * @returns The record.
 * @throws {CliError} Bad `--record` JSON, a non-integer range key, both body flags.
 */
export async function recordInput(recordKey: string, values: FlagValues): Promise<RecordInput> {
  const recordText = stringFlag(values, 'record');
  const record: { [field: string]: unknown } =
    recordText === undefined
      ? {}
      : { ...parseJsonArgument(recordText, '--record', JsonObjectSchema) };
  for (const field of STRING_FIELDS) {
    const value = stringFlag(values, flagName(field));
    if (value !== undefined) record[field] = value;
  }
  for (const field of RANGE_KEYS) {
    const value = int64Flag(values, flagName(field));
    if (value !== undefined) record[field] = value;
  }
  const body = await readBody(values);
  if (body !== undefined) record.body = body;
  record.recordKey = recordKey;
  return record as unknown as RecordInput;
}
