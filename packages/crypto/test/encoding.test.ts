import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64Encode,
  hexDecode,
  hexEncode,
  isBase64,
  isWellFormed,
  utf8Decode,
  utf8Encode,
} from '../src/encoding.ts';

describe('encoding', () => {
  it('round-trips bytes through base64 and hex, matching Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64Decode(base64Encode(bytes))).toEqual(bytes);
        expect(hexEncode(bytes)).toBe(Buffer.from(bytes).toString('hex'));
        expect(hexDecode(hexEncode(bytes))).toEqual(bytes);
      }),
    );
  });

  it('encodes more than one chunk of base64', () => {
    const bytes = new Uint8Array(100_000).map((_, index) => index % 251);
    expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('tells well-formed text: exactly the text that survives a UTF-8 round trip', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
    fc.assert(
      fc.property(fc.string({ unit: codeUnit }), (text) => {
        expect(isWellFormed(text)).toBe(utf8Decode(utf8Encode(text)) === text);
      }),
      { numRuns: 500 },
    );
    expect(isWellFormed('emoji \ud83d\ude80')).toBe(true);
    expect(isWellFormed('\ufffd')).toBe(true);
    expect(isWellFormed('')).toBe(true);
    for (const text of ['\ud800', 'a\udbff', '\udc00b', '\ude80\ud83d']) {
      expect(isWellFormed(text)).toBe(false);
    }
  });

  it('round-trips text through UTF-8, astral characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Decode(utf8Encode(text))).toBe(text);
      }),
    );
  });

  it.each([
    'AAA',
    'AA=A',
    'A===',
    '====',
    '-_-_',
    'AAAA\n',
    ' AAA',
    'AAA==',
    'AAA\u0141',
    '\u0100AAA',
  ])('refuses base64 %j', (text) => {
    expect(isBase64(text)).toBe(false);
    expect(() => base64Decode(text)).toThrow(TypeError);
  });

  it('refuses odd or non-hex input', () => {
    expect(() => hexDecode('abc')).toThrow(TypeError);
    expect(() => hexDecode('zz')).toThrow(TypeError);
    expect(hexDecode('ABcd')).toEqual(new Uint8Array([0xab, 0xcd]));
  });

  it('refuses invalid UTF-8', () => {
    expect(() => utf8Decode(new Uint8Array([0xc3]))).toThrow(TypeError);
  });
});
