// Request bodies of the fuzz suite: JSON written from a value tree (bigints as digits, raw
// literals as they are, non-ASCII escaped as Python escapes it), mutations of that tree (a
// value replaced by a wrong one, a field dropped or added) and of its bytes (cut short, bytes
// that are no UTF-8, other encodings), and multipart uploads with their own mutations.

import fc from 'fast-check';
import { markedText, RawJson, type WireValue, wrongValue } from './fuzz-values.ts';

/**
 * Writes a value as JSON.
 *
 * @param value The value.
 * @param asciiOnly Escape every non-ASCII code unit as `\uXXXX`, as Python's `json.dumps` does.
 * @returns The JSON text.
 */
export function toJsonText(value: WireValue, asciiOnly = false): string {
  const text = writeJson(value);
  return asciiOnly
    ? text.replace(
        /[\u0080-\uffff]/g,
        (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
    : text;
}

function writeJson(value: WireValue): string {
  if (value instanceof RawJson) return value.text;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  const members = Object.entries(value as { [key: string]: WireValue });
  return `{${members.map(([key, item]) => `${JSON.stringify(key)}:${writeJson(item)}`).join(',')}}`;
}

/** A change to a JSON value tree, at the node `at` picks (modulo the node count). */
export type TreeMutation =
  | { readonly kind: 'replace'; readonly at: number; readonly value: WireValue }
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'add'; readonly at: number; readonly name: string; readonly value: WireValue }
  | { readonly kind: 'wrap'; readonly inArray: boolean };

type Path = readonly (string | number)[];

function nodePaths(value: WireValue, path: Path = []): Path[] {
  if (typeof value !== 'object' || value === null || value instanceof RawJson) return [path];
  const children = Array.isArray(value)
    ? value.map((item: WireValue, index: number) => nodePaths(item, [...path, index]))
    : Object.entries(value).map(([key, item]) => nodePaths(item, [...path, key]));
  return [path, ...children.flat()];
}

function update(value: WireValue, path: Path, change: (node: WireValue) => WireValue | undefined) {
  if (path.length === 0) return change(value);
  const [step, ...rest] = path;
  const copy: { [key: string]: WireValue } | WireValue[] = Array.isArray(value)
    ? [...value]
    : { ...(value as { [key: string]: WireValue }) };
  const child = update(
    (copy as { [key: string]: WireValue })[step as string] as WireValue,
    rest,
    change,
  );
  if (child === undefined && Array.isArray(copy)) copy.splice(step as number, 1);
  else if (child === undefined) delete (copy as { [key: string]: WireValue })[step as string];
  else (copy as { [key: string]: WireValue })[step as string] = child;
  return copy;
}

/**
 * Applies a tree mutation.
 *
 * @param value The valid value.
 * @param mutation The change.
 * @returns The changed value (the input is left as it is).
 */
export function mutateTree(value: WireValue, mutation: TreeMutation): WireValue {
  if (mutation.kind === 'wrap') return mutation.inArray ? [value] : { body: value };
  const paths = nodePaths(value);
  const path = paths[mutation.at % paths.length] as Path;
  const changed = update(value, path, (node) => {
    if (mutation.kind === 'replace') return mutation.value;
    if (mutation.kind === 'drop') return undefined;
    if (
      typeof node !== 'object' ||
      node === null ||
      Array.isArray(node) ||
      node instanceof RawJson
    ) {
      return mutation.value;
    }
    return { ...(node as { [key: string]: WireValue }), [mutation.name]: mutation.value };
  });
  return changed === undefined ? null : changed;
}

/** Field names a mutation adds: unknown ones, and the control fields of conditional writes. */
const addedName = fc.constantFrom(
  'unknown',
  'expected_updated_at',
  'record_key',
  '$or',
  'search_keys',
  '__proto__',
  'constructor',
  'key21',
  'range_key0',
);

/** A tree mutation. */
export const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      value: wrongValue,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      at: fc.nat(),
      name: addedName,
      value: wrongValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('wrap' as const), inArray: fc.boolean() }),
  },
);

/** A change to a body's bytes. */
export type ByteMutation =
  | { readonly kind: 'cut'; readonly at: number }
  | { readonly kind: 'bad-utf8'; readonly bytes: readonly number[] }
  | { readonly kind: 'utf16' }
  | { readonly kind: 'replace'; readonly bytes: readonly number[] };

/** Byte sequences that are no UTF-8: stray continuation, overlong, surrogate (CESU), past U+10FFFF. */
const invalidUtf8: fc.Arbitrary<readonly number[]> = fc.oneof(
  fc.constantFrom(
    [0x80],
    [0xff],
    [0xc0, 0x80],
    [0xe0, 0x80, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xed, 0xb0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf0, 0x9f, 0x98],
    [0xc3],
  ),
  fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 6 }),
);

/** A byte mutation. */
export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('bad-utf8' as const), bytes: invalidUtf8 }),
  },
  fc.record({ kind: fc.constant('utf16' as const) }),
  fc.record({
    kind: fc.constant('replace' as const),
    bytes: fc.oneof(
      fc.constantFrom([], [0x20], [0xef, 0xbb, 0xbf], [0x6e, 0x75, 0x6c, 0x6c], [0x00]),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
    ),
  }),
);

/**
 * Applies a byte mutation to a body.
 *
 * @param body The body's bytes.
 * @param mutation The change; `bad-utf8` goes inside the first marked string when there is one.
 * @param marker Where `bad-utf8` goes: right after this text, else at the middle.
 * @returns The new bytes.
 */
export function mutateBytes(body: Buffer, mutation: ByteMutation, marker: string): Buffer {
  if (mutation.kind === 'cut') return body.subarray(0, mutation.at % Math.max(1, body.length));
  if (mutation.kind === 'utf16') return Buffer.from(body.toString('utf8'), 'utf16le');
  if (mutation.kind === 'replace') return Buffer.from(mutation.bytes);
  const found = body.indexOf(marker);
  const at = found < 0 ? Math.floor(body.length / 2) : found + marker.length;
  return Buffer.concat([body.subarray(0, at), Buffer.from(mutation.bytes), body.subarray(at)]);
}

/** One part of a multipart upload, as written. */
export interface UploadPart {
  readonly name: string;
  /** The `filename=` parameter as written between the quotes; absent: none. */
  readonly filename?: string | undefined;
  /** An RFC 2231 `filename*=` parameter, written as it is. */
  readonly extendedFilename?: string | undefined;
  readonly contentType?: string | undefined;
  readonly content: readonly number[];
}

/** A valid upload's file part: a marked name, a type or none, a few bytes. */
export const uploadPart: fc.Arbitrary<UploadPart> = fc.record({
  name: fc.constant('file'),
  filename: fc.option(
    // A quoted-string holds no `"`, `\\` unescaped, nor control characters (RFC 9110 §5.6.4).
    // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is replaced.
    markedText(40).map((name) => name.replace(/["\\\u0000-\u001f\u007f]/g, '_')),
    { nil: undefined },
  ),
  contentType: fc.option(fc.constantFrom('text/plain', 'application/pdf', 'image/png; q=1'), {
    nil: undefined,
  }),
  content: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }),
});

/**
 * Writes a multipart/form-data body.
 *
 * @param boundary The boundary.
 * @param parts The parts.
 * @param closed Whether the closing delimiter is written (a body cut short has none).
 * @returns The bytes, filenames as UTF-8.
 */
export function multipartBody(
  boundary: string,
  parts: readonly UploadPart[],
  closed = true,
): Buffer {
  const pieces = parts.flatMap((part) => {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const extended =
      part.extendedFilename === undefined ? '' : `; filename*=${part.extendedFilename}`;
    const type = part.contentType === undefined ? '' : `\r\nContent-Type: ${part.contentType}`;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${extended}${type}\r\n\r\n`;
    return [Buffer.from(head, 'utf8'), Buffer.from(part.content), Buffer.from('\r\n')];
  });
  return Buffer.concat([...pieces, Buffer.from(closed ? `--${boundary}--\r\n` : '')]);
}
