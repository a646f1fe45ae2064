// The data formats inside parts, as our fake server reads and writes them: authentication
// field lists, options, parameter metadata, input parameters, output values, errors, and the
// CESU-8 text hdb sends.

import { Buffer } from 'node:buffer';
import { TypeCode } from './wire-framing.ts';

const STRING_TYPES = new Set([8, 9, 10, 11, 29, 30, 35, 52, 55]);
const BINARY_TYPES = new Set([12, 13, 33]);

/** Reads a field list: a count, then length-prefixed fields (authentication data). */
export function decodeFields(data: Buffer): Buffer[] {
  const count = data.readUInt16LE(0);
  const fields: Buffer[] = [];
  let offset = 2;
  for (let index = 0; index < count; index++) {
    let length = data[offset] ?? 0;
    offset += 1;
    if (length === 246) {
      length = data.readUInt16LE(offset);
      offset += 2;
    } else if (length === 247) {
      length = data.readUInt32LE(offset);
      offset += 4;
    } else if (length === 255) {
      length = data.readUInt16BE(offset);
      offset += 2;
    }
    fields.push(data.subarray(offset, offset + length));
    offset += length;
  }
  return fields;
}

/** Writes a field list. */
export function encodeFields(fields: readonly (Buffer | string)[]): Buffer {
  const chunks: Buffer[] = [Buffer.alloc(2)];
  chunks[0]?.writeUInt16LE(fields.length, 0);
  for (const field of fields) {
    const bytes = typeof field === 'string' ? Buffer.from(field, 'ascii') : field;
    chunks.push(lengthPrefix(bytes.length), bytes);
  }
  return Buffer.concat(chunks);
}

/** One option of an options part (connect options, transaction flags). */
export interface Option {
  readonly name: number;
  readonly type: number;
  readonly value: boolean | number | string;
}

/** Writes an options part's data. */
export function encodeOptions(options: readonly Option[]): Buffer {
  return Buffer.concat(
    options.map((option) => {
      const head = Buffer.from([option.name, option.type]);
      if (option.type === TypeCode.BOOLEAN)
        return Buffer.concat([head, Buffer.from([option.value ? 1 : 0])]);
      if (option.type === TypeCode.INT) {
        const value = Buffer.alloc(4);
        value.writeInt32LE(Number(option.value), 0);
        return Buffer.concat([head, value]);
      }
      const text = Buffer.from(String(option.value), 'utf8');
      const length = Buffer.alloc(2);
      length.writeInt16LE(text.length, 0);
      return Buffer.concat([head, length, text]);
    }),
  );
}

/** A procedure parameter as PREPARE describes it. */
export interface ParameterDescription {
  readonly name: string;
  readonly type: number;
  readonly output: boolean;
  readonly length: number;
}

/** Writes parameter metadata: 16 bytes per parameter, then the names. */
export function encodeParameterMetadata(parameters: readonly ParameterDescription[]): Buffer {
  const entries = Buffer.alloc(16 * parameters.length);
  const names: Buffer[] = [];
  let nameOffset = 0;
  parameters.forEach((parameter, index) => {
    const base = 16 * index;
    entries.writeUInt8(1, base); // mandatory
    entries.writeUInt8(parameter.type, base + 1);
    entries.writeUInt8(parameter.output ? 4 : 1, base + 2); // io type: 1 IN, 4 OUT
    entries.writeInt32LE(nameOffset, base + 4);
    entries.writeInt16LE(parameter.length, base + 8);
    const name = Buffer.from(parameter.name, 'utf8');
    names.push(Buffer.from([name.length]), name);
    nameOffset += 1 + name.length;
  });
  return Buffer.concat([entries, ...names]);
}

/** A decoded input value. */
export type InputValue = string | boolean | number | Buffer | null;

/** Reads one row of input parameters: a type byte, then the value. */
export function decodeParameters(data: Buffer, count: number): InputValue[] {
  const values: InputValue[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    const typeByte = data[offset] ?? 0;
    offset += 1;
    const type = typeByte & 0x7f;
    if (typeByte & 0x80) {
      values.push(null);
      continue;
    }
    if (type === TypeCode.BOOLEAN) {
      const flag = data[offset];
      values.push(flag === 1 ? null : flag === 2);
      offset += 1;
    } else if (type === TypeCode.TINYINT) {
      values.push(data[offset] ?? 0);
      offset += 1;
    } else if (STRING_TYPES.has(type) || BINARY_TYPES.has(type)) {
      const { length, size } = readLength(data, offset);
      const bytes = data.subarray(offset + size, offset + size + length);
      values.push(STRING_TYPES.has(type) ? decodeCesu8(bytes) : Buffer.from(bytes));
      offset += size + length;
    } else {
      throw new Error(`The fake server cannot read parameters of type ${type}`);
    }
  }
  return values;
}

/** Writes one output value: length-prefixed bytes, or 0xFF for null. */
export function encodeOutputValue(value: Uint8Array | null): Buffer {
  if (value === null) return Buffer.from([0xff]);
  return Buffer.concat([lengthPrefix(value.byteLength), Buffer.from(value)]);
}

/** Writes an error part's data: code, position, text length, level, SQLSTATE, text. */
export function encodeError(code: number, sqlState: string, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  const head = Buffer.alloc(18);
  head.writeInt32LE(code, 0);
  head.writeInt32LE(0, 4);
  head.writeInt32LE(text.length, 8);
  head.writeInt8(1, 12); // level ERROR
  head.write(sqlState.padEnd(5, ' ').slice(0, 5), 13, 'ascii');
  return Buffer.concat([head, text]);
}

/**
 * Decodes CESU-8, the encoding hdb uses for text by default: UTF-8 in which each UTF-16
 * surrogate of a character beyond the BMP is encoded on its own (3 bytes each).
 */
export function decodeCesu8(bytes: Uint8Array): string {
  const units: number[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const first = bytes[offset] ?? 0;
    const next = (index: number) => (bytes[offset + index] ?? 0) & 0x3f;
    if (first < 0x80) {
      units.push(first);
      offset += 1;
    } else if ((first & 0xe0) === 0xc0) {
      units.push(((first & 0x1f) << 6) | next(1));
      offset += 2;
    } else if ((first & 0xf0) === 0xe0) {
      units.push(((first & 0x0f) << 12) | (next(1) << 6) | next(2));
      offset += 3;
    } else {
      // Plain 4-byte UTF-8 (a client not using CESU-8): back to two surrogates.
      const point = ((first & 0x07) << 18) | (next(1) << 12) | (next(2) << 6) | next(3);
      units.push(0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff));
      offset += 4;
    }
  }
  let text = '';
  for (let start = 0; start < units.length; start += 4096) {
    text += String.fromCharCode(...units.slice(start, start + 4096));
  }
  return text;
}

function readLength(data: Buffer, offset: number): { length: number; size: number } {
  const indicator = data[offset] ?? 0;
  if (indicator <= 245) return { length: indicator, size: 1 };
  if (indicator === 246) return { length: data.readInt16LE(offset + 1), size: 3 };
  if (indicator === 247) return { length: data.readInt32LE(offset + 1), size: 5 };
  throw new Error(`The fake server cannot read length indicator ${indicator}`);
}

function lengthPrefix(length: number): Buffer {
  if (length <= 245) return Buffer.from([length]);
  const prefix = Buffer.alloc(length <= 32_767 ? 3 : 5);
  if (length <= 32_767) {
    prefix[0] = 246;
    prefix.writeInt16LE(length, 1);
  } else {
    prefix[0] = 247;
    prefix.writeInt32LE(length, 1);
  }
  return prefix;
}
