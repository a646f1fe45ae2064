// Every schema and action of the wire sets its own message: valibot's defaults quote the
// received value (`_addIssue` → `_stringify`), and a wire value may be a body, a key or a token
// (style.md §10). So the only things that reach a message are the field path and our rule text.

import * as v from 'valibot';

/** How many issues `describeWireIssues` lists before it says "and N more". */
const MAX_LISTED = 5;

/**
 * Describes the issues of a failed wire parse as `path rule; path rule`, never quoting a value.
 *
 * @param issues The issues of a failed `v.safeParse` with a schema of `@residency/protocol`.
 * @param root How to name the body itself, for issues without a path; default `body`.
 * @returns One line naming each offending field and the rule it breaks, e.g.
 *   `records.0.range_key1 must be a safe integer or null`.
 * @example
 * ```ts
 * const result = v.safeParse(BatchWriteRequestSchema, await request.json());
 * if (!result.success) return badRequest(describeWireIssues(result.issues));
 * ```
 */
export function describeWireIssues(issues: readonly v.BaseIssue<unknown>[], root = 'body'): string {
  const listed = issues.slice(0, MAX_LISTED).map((issue) => {
    const path = v.getDotPath(issue);
    return `${path === null || path === '' ? root : path} ${issue.message}`;
  });
  const rest = issues.length - listed.length;
  return rest > 0 ? `${listed.join('; ')}; and ${rest} more` : listed.join('; ');
}

/**
 * Makes the message of an object schema. valibot reports a missing key with the object schema's
 * own message, so one message serves both cases: a missing key is an issue whose input is
 * `undefined`.
 *
 * @param shape What the value must be, e.g. `an object with record_key`.
 * @returns A message function for `v.object`.
 */
export function objectMessage(shape: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) =>
    issue.input === undefined && issue.path !== undefined ? 'is required' : `must be ${shape}`;
}

function isPlainObject(input: unknown): input is { [key: string]: unknown } {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
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
