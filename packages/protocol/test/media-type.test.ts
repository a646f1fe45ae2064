import { describe, expect, it } from 'vitest';
import { isMediaType, MAX_MEDIA_TYPE_LENGTH } from '../src/index.ts';

describe('isMediaType', () => {
  it.each([
    'text/plain',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'text/plain; charset=utf-8',
    'text/plain;charset=UTF-8;format=flowed',
    'multipart/form-data; boundary="a b;c"',
    'text/plain ; q="\\"quoted\\""',
    "application/x-!#$%&'*+.^_`|~-",
  ])('accepts %j', (value) => {
    expect(isMediaType(value)).toBe(true);
  });

  it.each([
    ['no subtype', 'text'],
    ['an empty subtype', 'text/'],
    ['a space in the type', 'text /plain'],
    ['CR LF and a forged header', 'text/plain\r\nSet-Cookie: a=b'],
    ['a lone LF in a parameter', 'text/plain; a=b\nc'],
    ['an unclosed quote', 'text/plain; a="b'],
    ['a parameter without a value', 'text/plain; a'],
    ['non-ASCII', 'tëxt/plain'],
    ['a NUL', 'text/pl\u0000ain'],
    ['a lone surrogate', 'text/\ud800'],
    ['two slashes', 'text/plain/x'],
    ['too long', `text/${'x'.repeat(MAX_MEDIA_TYPE_LENGTH)}`],
  ])('refuses %s', (_why, value) => {
    expect(isMediaType(value)).toBe(false);
  });

  it('accepts exactly MAX_MEDIA_TYPE_LENGTH characters', () => {
    const value = `text/${'x'.repeat(MAX_MEDIA_TYPE_LENGTH - 5)}`;
    expect(value).toHaveLength(MAX_MEDIA_TYPE_LENGTH);
    expect(isMediaType(value)).toBe(true);
  });
});
