import { StorageCryptoError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import {
  customTag,
  formatAes,
  formatCustom,
  formatPlain,
  parseCiphertext,
} from '../src/ciphertext-format.ts';

const bytes = (length: number, fill = 1) => new Uint8Array(length).fill(fill);

describe('customTag', () => {
  it('is c + base64 of the UTF-8 version', () => {
    expect(customTag('test')).toBe('cdGVzdA==');
    expect(customTag('ü')).toBe('cw7w=');
  });
});

describe('formats', () => {
  it('writes pt:, 2: and custom', () => {
    expect(formatPlain('hello')).toBe('pt:aGVsbG8=');
    expect(formatAes(bytes(64, 0), bytes(12, 0), bytes(16, 0))).toBe(
      `2:${Buffer.alloc(92).toString('base64')}`,
    );
    expect(formatCustom('cdGVzdA==', 'a:b')).toBe('cdGVzdA==:YTpi');
  });
});

describe('parseCiphertext', () => {
  it('splits 2: into salt, IV and sealed bytes', () => {
    const salt = bytes(64, 1);
    const iv = bytes(12, 2);
    const sealed = bytes(20, 3);
    const parsed = parseCiphertext(formatAes(salt, iv, sealed));
    expect(parsed).toEqual({ kind: 'aes', salt, iv, sealed });
  });

  it('reads 1: hex in either case', () => {
    const hex = '01'.repeat(64) + '02'.repeat(12) + '03'.repeat(16);
    expect(parseCiphertext(`1:${hex}`).kind).toBe('aes');
    expect(parseCiphertext(`1:${hex.toUpperCase()}`).kind).toBe('aes');
  });

  it('reads pt: and custom tags, whose base64 may end in =', () => {
    expect(parseCiphertext('pt:aGVsbG8=')).toEqual({
      kind: 'plain',
      data: new TextEncoder().encode('hello'),
    });
    expect(parseCiphertext('cdGVzdA==:YTpi')).toEqual({
      kind: 'custom',
      tag: 'cdGVzdA==',
      data: new TextEncoder().encode('a:b'),
    });
  });

  it.each([
    ['no colon', '2AAAA'],
    ['two colons', '2:AAAA:AAAA'],
    ['an empty string', ''],
    ['an unknown tag', '3:AAAA'],
    ['a bare c tag', 'c:AAAA'],
    ['a c tag that is not base64', 'c!!:AAAA'],
    ['non-base64 data', '2:@@@@'],
    ['unpadded base64', '2:AAA'],
    ['URL-safe base64', `2:${'_-'.repeat(62)}`],
    ['odd-length hex', '1:abc'],
    ['non-hex', `1:${'zz'.repeat(92)}`],
    ['92 bytes minus one', `2:${Buffer.alloc(91).toString('base64')}`],
    ['a short hex input', `1:${'00'.repeat(91)}`],
  ])('refuses %s', (_name, ciphertext) => {
    expect(() => parseCiphertext(ciphertext)).toThrow(StorageCryptoError);
  });

  it('accepts the shortest valid input: salt, IV and tag with an empty ciphertext', () => {
    expect(parseCiphertext(`2:${Buffer.alloc(92).toString('base64')}`).kind).toBe('aes');
  });
});
