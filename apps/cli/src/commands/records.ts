// The record commands: write, read, find, delete, and the health check of a country's API.
// Human output never echoes a key or a body except the records the user asked to see.
import type { FindFilter, FindOptionsInput, FindResult, SortCriterion } from '@residency/sdk';
import * as v from 'valibot';
import { integerFlag, JsonObjectSchema, parseJsonArgument, stringFlag } from '../arguments.ts';
import { ExitCode } from '../exit-codes.ts';
import { countText, recordsText, recordText } from '../record-text.ts';
import type { Command } from './command.ts';
import { RECORD_FLAGS, recordInput } from './record-input.ts';

/** `write COUNTRY KEY`: creates or replaces a record. */
export const writeCommand: Command = {
  name: 'write',
  usage:
    'COUNTRY KEY [--body TEXT | --body-file FILE] [--record JSON] [--key1 V …] [--range-key1 N …]',
  summary: 'create or replace a record',
  flags: RECORD_FLAGS,
  connects: true,
  arity: { min: 2, max: 2 },
  async run({ positionals, values, output, connect }) {
    const [country = '', recordKey = ''] = positionals;
    const record = await recordInput(recordKey, values);
    const storage = await connect();
    const result = await storage.write(country, record);
    output.result(result, `record written (version ${result.record.version ?? 'unknown'})`);
    return ExitCode.OK;
  },
};

/** `read COUNTRY KEY`: prints a record, decrypted (its set fields; `--json`: all of it). */
export const readCommand: Command = {
  name: 'read',
  usage: 'COUNTRY KEY',
  summary: 'print a record: the fields that have a value (--json: all of them)',
  flags: {},
  connects: true,
  arity: { min: 2, max: 2 },
  async run({ positionals, output, connect }) {
    const [country = '', recordKey = ''] = positionals;
    const storage = await connect();
    const result = await storage.read(country, recordKey);
    output.result(result, recordText(result.record));
    return ExitCode.OK;
  },
};

const SortSchema = v.union(
  [v.array(JsonObjectSchema), JsonObjectSchema],
  'must be a JSON object or a list of them',
);

function findOptions(values: Parameters<Command['run']>[0]['values']): FindOptionsInput {
  const limit = integerFlag(values, 'limit', { min: 1, max: 100 });
  const offset = integerFlag(values, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER });
  const sortText = stringFlag(values, 'sort');
  const sort =
    sortText === undefined ? undefined : parseJsonArgument(sortText, '--sort', SortSchema);
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(offset === undefined ? {} : { offset }),
    ...(sort === undefined
      ? {}
      : { sort: (Array.isArray(sort) ? sort : [sort]) as SortCriterion[] }),
  };
}

/** Only what a person can act on: the error's class and message, never `rawData`. */
function findDocument(result: FindResult) {
  const errors = result.errors?.map(({ error }) => ({ name: error.name, message: error.message }));
  return { records: result.records, meta: result.meta, ...(errors ? { errors } : {}) };
}

/**
 * `find COUNTRY [FILTER_JSON]`: lists matching records, a block each; the count goes to stderr,
 * so stdout holds records only (nothing when none match).
 */
export const findCommand: Command = {
  name: 'find',
  usage: 'COUNTRY [FILTER_JSON] [--limit N] [--offset N] [--sort \'[{"createdAt":"desc"}]\']',
  summary: 'list the records matching a filter (JSON, as the SDK takes it); the count on stderr',
  flags: { limit: { type: 'string' }, offset: { type: 'string' }, sort: { type: 'string' } },
  connects: true,
  arity: { min: 1, max: 2 },
  async run({ positionals, values, output, connect }) {
    const [country = '', filterText] = positionals;
    const filter =
      filterText === undefined
        ? {}
        : parseJsonArgument(filterText, 'FILTER_JSON', JsonObjectSchema);
    const options = findOptions(values);
    const storage = await connect();
    const result = await storage.find(country, filter as FindFilter, options);
    const document = findDocument(result);
    const { count, total } = result.meta;
    const text = recordsText(result.records);
    output.result(document, text === '' ? undefined : text);
    if (!output.json) output.stderr.write(`${countText(count, total)}\n`);
    if (document.errors) {
      output.stderr.write(`${document.errors.length} matching records could not be decrypted\n`);
    }
    return ExitCode.OK;
  },
};

/** `delete COUNTRY KEY`: deletes a record. */
export const deleteCommand: Command = {
  name: 'delete',
  usage: 'COUNTRY KEY',
  summary: 'delete a record',
  flags: {},
  connects: true,
  arity: { min: 2, max: 2 },
  async run({ positionals, output, connect }) {
    const [country = '', recordKey = ''] = positionals;
    const storage = await connect();
    output.result(await storage.delete(country, recordKey), 'record deleted');
    return ExitCode.OK;
  },
};

/** `health COUNTRY`: whether the country's API answers; exit 5 when it does not say ok. */
export const healthCommand: Command = {
  name: 'health',
  usage: 'COUNTRY',
  summary: "check that a country's storage API is healthy",
  flags: {},
  connects: true,
  arity: { min: 1, max: 1 },
  async run({ positionals, output, connect }) {
    const [country = ''] = positionals;
    const storage = await connect();
    const result = await storage.healthCheck(country);
    output.result(result, result.result ? 'healthy' : 'not healthy');
    return result.result ? ExitCode.OK : ExitCode.SERVER;
  },
};
