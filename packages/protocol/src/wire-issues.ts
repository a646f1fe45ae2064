// Every schema and action of the wire sets its own message: valibot's defaults quote the
// received value (`_addIssue` → `_stringify`), and a wire value may be a body, a key or a token
// (style.md §10). So the only things that reach a message (issues.ts) are the field path and our
// rule text.

import * as v from 'valibot';
import { isPlainObject } from './plain-object.ts';

/**
 * Makes the message of an object schema. valibot reports a missing key with the object schema's
 * own message, so one message serves both cases: a missing key is an issue whose input is
 * `undefined`.
 *
 * @param shape What the value must be, e.g. `an object with record_key`.
 * @returns A message function for `v.object`.
 */
function objectMessage(shape: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) =>
    issue.input === undefined && issue.path !== undefined ? 'is required' : `must be ${shape}`;
}

/** An object schema as `wireObject` types it: the input and output of `v.object(entries)`. */
export type WireObjectSchema<TEntries extends v.ObjectEntries> = v.GenericSchema<
  v.InferInput<v.ObjectSchema<TEntries, undefined>>,
  v.InferOutput<v.ObjectSchema<TEntries, undefined>>
>;

/**
 * Builds an object schema that also refuses arrays (which `v.object` takes for objects), with
 * our messages: `must be <shape>` for a value of the wrong kind, `is required` for a missing key.
 *
 * @param entries The object's entries; unknown keys are dropped.
 * @param shape What the value must be, e.g. `an object with records`.
 * @returns The schema, typed as `v.object(entries)` is.
 */
export function wireObject<const TEntries extends v.ObjectEntries>(
  entries: TEntries,
  shape: string,
): WireObjectSchema<TEntries> {
  const schema = v.pipe(
    v.custom<{ [key: string]: unknown }>(isPlainObject, `must be ${shape}`),
    v.object(entries, objectMessage(shape)),
  );
  // The pipe's input type is the custom check's; what it accepts is the object's.
  return schema as unknown as WireObjectSchema<TEntries>;
}
