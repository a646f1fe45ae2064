// Attachment commands: attach a local file, download one (to a file or stdout), detach one.
// Contents are streamed both ways, so a large file never sits in memory.
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { toNodeReadable } from '@residency/sdk';
import { booleanFlag, stringFlag } from '../arguments.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import type { Command } from './command.ts';

/** `attach COUNTRY KEY FILE`: attaches a local file to an existing record. */
export const attachCommand: Command = {
  name: 'attach',
  usage: 'COUNTRY KEY FILE [--name NAME] [--mime TYPE] [--upsert]',
  summary: 'attach a file to a record (--upsert replaces the one of the same name)',
  flags: { name: { type: 'string' }, mime: { type: 'string' }, upsert: { type: 'boolean' } },
  connects: true,
  arity: { min: 3, max: 3 },
  async run({ positionals, values, output, connect }) {
    const [country = '', recordKey = '', path = ''] = positionals;
    const file = await stat(path).catch(() => null);
    if (!file?.isFile()) throw new CliError('FILE is not a readable file');
    const fileName = stringFlag(values, 'name');
    const mimeType = stringFlag(values, 'mime');
    const storage = await connect();
    const result = await storage.addAttachment(country, recordKey, path, {
      ...(fileName === undefined ? {} : { fileName }),
      ...(mimeType === undefined ? {} : { mimeType }),
      upsert: booleanFlag(values, 'upsert'),
    });
    output.result(result, `attached: file id ${result.attachmentMeta.fileId}`);
    return ExitCode.OK;
  },
};

/** `download COUNTRY KEY FILE_ID`: saves an attachment. */
export const downloadCommand: Command = {
  name: 'download',
  usage: 'COUNTRY KEY FILE_ID [--out PATH | --out -]',
  summary:
    "save an attachment (default: its own name in the current folder, never overwritten; '-' is stdout)",
  flags: { out: { type: 'string' } },
  connects: true,
  arity: { min: 3, max: 3 },
  async run({ positionals, values, output, connect }) {
    const [country = '', recordKey = '', fileId = ''] = positionals;
    const out = stringFlag(values, 'out');
    if (out === '-' && output.json) {
      throw new CliError('--out - writes the file to stdout, which --json needs for its result');
    }
    const storage = await connect();
    const { attachmentData } = await storage.getAttachmentFile(country, recordKey, fileId);
    const source = toNodeReadable(attachmentData.file);
    if (out === '-') {
      await pipeline(source, output.stdout, { end: false });
      return ExitCode.OK;
    }
    // The server's name is reduced to its base name by the SDK, so it stays in this folder.
    const path = out ?? attachmentData.filename;
    await pipeline(
      source,
      createWriteStream(path, { flags: out === undefined ? 'wx' : 'w' }),
    ).catch((error: NodeJS.ErrnoException) => {
      throw writeFailure(error, path);
    });
    const { size } = await stat(path);
    output.result({ fileId, path, size }, `saved ${size} bytes to ${path}`);
    return ExitCode.OK;
  },
};

/**
 * The failure of saving a download. The path is the operator's own (or the attachment's name),
 * the one thing they need to act on; without `--out` an existing file is never overwritten.
 */
function writeFailure(error: NodeJS.ErrnoException, path: string): unknown {
  if (typeof error.code !== 'string' || !error.code.startsWith('E')) return error;
  if (error.code === 'EEXIST') {
    return new CliError(
      `${path} already exists (a download without --out never overwrites): pass --out PATH to save it under another path, or --out - for stdout`,
      ExitCode.UNEXPECTED,
    );
  }
  return new CliError(
    `cannot write the downloaded file ${path} (${error.code})`,
    ExitCode.UNEXPECTED,
  );
}

/** `detach COUNTRY KEY FILE_ID`: deletes an attachment. */
export const detachCommand: Command = {
  name: 'detach',
  usage: 'COUNTRY KEY FILE_ID',
  summary: 'delete an attachment',
  flags: {},
  connects: true,
  arity: { min: 3, max: 3 },
  async run({ positionals, output, connect }) {
    const [country = '', recordKey = '', fileId = ''] = positionals;
    const storage = await connect();
    output.result(await storage.deleteAttachment(country, recordKey, fileId), 'attachment deleted');
    return ExitCode.OK;
  },
};
