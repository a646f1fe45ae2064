// The server's small state files (environments, keys) are JSON checked by a valibot schema on
// every read: a hand-edited file with a mistake is refused with the path and the field, never
// its value (it may hold a key).

import { readFile } from 'node:fs/promises';
import * as v from 'valibot';

/**
 * Reads and validates a JSON file.
 *
 * @param path The file.
 * @param schema Its shape.
 * @returns The parsed content, or `undefined` when the file does not exist.
 * @throws {Error} The file is not JSON or not of the shape: names the path and field only.
 */
export async function readJsonFile<TSchema extends v.GenericSchema>(
  path: string,
  schema: TSchema,
): Promise<v.InferOutput<TSchema> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    throw new Error(`${path}: not valid JSON`);
  }
  const result = v.safeParse(schema, content);
  if (!result.success) {
    const issue = result.issues[0];
    throw new Error(`${path}: ${v.getDotPath(issue) ?? 'file'} ${issue.message}`);
  }
  return result.output;
}
