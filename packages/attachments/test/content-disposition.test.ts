import { describe, expect, it } from 'vitest';
import {
  asciiFallback,
  encodeExtendedValue,
  fileNameFromDisposition,
  formDataDisposition,
} from '../src/content-disposition.ts';

describe('the file name of an upload part', () => {
  it('percent-encodes every octet outside attr-char, as RFC 8187 asks', () => {
    expect(encodeExtendedValue("résumé (v2)*'.pdf")).toBe('r%C3%A9sum%C3%A9%20%28v2%29%2A%27.pdf');
    expect(encodeExtendedValue('数据.txt')).toBe('%E6%95%B0%E6%8D%AE.txt');
    expect(encodeExtendedValue('😀')).toBe('%F0%9F%98%80');
  });

  it('gives an ASCII fallback without quotes, backslashes or control characters', () => {
    expect(asciiFallback('plain-name_1.txt')).toBe('plain-name_1.txt');
    expect(asciiFallback('résumé.pdf')).toBe('r_sum_.pdf');
    expect(asciiFallback('a"b\\c\r\nd.txt')).toBe('a_b_c__d.txt');
    expect(asciiFallback('😀.png')).toBe('_.png');
  });

  it('names the field file and sends both forms', () => {
    expect(formDataDisposition('résumé.pdf')).toBe(
      `form-data; name="file"; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`,
    );
  });
});

describe('fileNameFromDisposition', () => {
  it.each([
    ["attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf", 'résumé.pdf'],
    ["attachment;filename*=UTF-8''%E6%95%B0%E6%8D%AE.txt", '数据.txt'],
    ["attachment; filename*=utf-8'en'%F0%9F%98%80.png", '😀.png'],
    ['attachment; filename="quoted name.txt"', 'quoted name.txt'],
    ['attachment; filename="with \\"escaped\\" quotes.txt"', 'with "escaped" quotes.txt'],
    ['attachment; filename=token.txt', 'token.txt'],
    [
      'attachment; filename="fallback.txt"; filename*=UTF-8\'\'pr%C3%A9f%C3%A9r%C3%A9.txt',
      'préféré.txt',
    ],
    ['attachment; filename*="UTF-8\'\'quoted%20ext.txt"', 'quoted ext.txt'],
    ["attachment; filename*=ISO-8859-1''caf%E9.txt", 'café.txt'],
    ['attachment; filename="semi;colon.txt"', 'semi;colon.txt'],
  ])('reads %s', (header, expected) => {
    expect(fileNameFromDisposition(header)).toBe(expected);
  });

  it('falls back to the plain name when the extended value is malformed or another charset', () => {
    expect(
      fileNameFromDisposition('attachment; filename*=UTF-8\'\'bad%E6; filename="ok.txt"'),
    ).toBe('ok.txt');
    expect(fileNameFromDisposition("attachment; filename*=KOI8-R''x; filename=ok.txt")).toBe(
      'ok.txt',
    );
  });

  it('keeps only the base name, without control characters', () => {
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd")).toBe(
      'passwd',
    );
    expect(fileNameFromDisposition('attachment; filename="C:\\\\temp\\\\x.txt"')).toBe('x.txt');
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''a%0Ab%00.txt")).toBe('ab.txt');
  });

  it('defaults to file', () => {
    expect(fileNameFromDisposition(null)).toBe('file');
    expect(fileNameFromDisposition('attachment')).toBe('file');
    expect(fileNameFromDisposition('attachment; filename=""')).toBe('file');
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''..")).toBe('file');
  });
});
