import { InputValidationError } from '@residency/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestOptions } from '../src/request-options-input.ts';

function rejectionOf(options: unknown): InputValidationError {
  try {
    parseRequestOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    return error as InputValidationError;
  }
  throw new Error('expected an InputValidationError');
}

describe('parseRequestOptions: accepted options', () => {
  it('takes nothing, headers, a signal, or both', () => {
    const signal = new AbortController().signal;
    expect(parseRequestOptions(undefined)).toEqual({});
    expect(parseRequestOptions({})).toEqual({});
    expect(parseRequestOptions({ headers: {} })).toEqual({ headers: {} });
    const headers = { 'X-Trace-Id': 'abc 123', 'x-tab': 'a\tb' };
    const parsed = parseRequestOptions({ headers, signal });
    expect(parsed).toEqual({ headers, signal });
    expect(parsed.signal).toBe(signal);
    expect(parsed.headers).not.toBe(headers);
  });

  it('takes an aborted signal, a timeout signal and a signal from another realm', () => {
    expect(parseRequestOptions({ signal: AbortSignal.abort() }).signal?.aborted).toBe(true);
    expect(parseRequestOptions({ signal: AbortSignal.timeout(1000) }).signal).toBeDefined();
    const foreign = { aborted: false, addEventListener: () => undefined };
    expect(parseRequestOptions({ signal: foreign }).signal).toBe(foreign);
  });

  it('drops undefined members', () => {
    expect(parseRequestOptions({ headers: undefined, signal: undefined })).toEqual({});
  });
});

describe('parseRequestOptions: rejections', () => {
  it.each<[string, unknown, string]>([
    ['a non-object', 'x', 'requestOptions'],
    ['a list', [], 'requestOptions'],
    ['an unknown option', { timeout: 5 }, 'requestOptions.timeout'],
    ['headers not an object', { headers: 'a: b' }, 'requestOptions.headers'],
    ['headers as a list', { headers: [['a', 'b']] }, 'requestOptions.headers'],
    ['headers as a Headers object', { headers: new Headers({ a: 'b' }) }, 'requestOptions.headers'],
    ['an empty header name', { headers: { '': 'v' } }, 'requestOptions.headers.'],
    [
      'a header name with a space',
      { headers: { 'x trace': 'v' } },
      'requestOptions.headers.x trace',
    ],
    [
      'a header name with whitespace around',
      { headers: { ' x': 'v' } },
      'requestOptions.headers. x',
    ],
    [
      'Authorization',
      { headers: { Authorization: 'Bearer t' } },
      'requestOptions.headers.Authorization',
    ],
    ['x-env-id', { headers: { 'X-ENV-ID': 'e' } }, 'requestOptions.headers.X-ENV-ID'],
    ['user-agent', { headers: { 'user-agent': 'u' } }, 'requestOptions.headers.user-agent'],
    [
      'content-type',
      { headers: { 'Content-Type': 'text/plain' } },
      'requestOptions.headers.Content-Type',
    ],
    [
      'x-encrypted-storage',
      { headers: { 'X-Encrypted-Storage': 'false' } },
      'requestOptions.headers.X-Encrypted-Storage',
    ],
    ['an empty value', { headers: { 'x-a': '' } }, 'requestOptions.headers.x-a'],
    ['a leading space', { headers: { 'x-a': ' v' } }, 'requestOptions.headers.x-a'],
    ['a trailing tab', { headers: { 'x-a': 'v\t' } }, 'requestOptions.headers.x-a'],
    ['a newline', { headers: { 'x-a': 'a\r\nb' } }, 'requestOptions.headers.x-a'],
    ['a number value', { headers: { 'x-a': 1 } }, 'requestOptions.headers.x-a'],
    ['a null value', { headers: { 'x-a': null } }, 'requestOptions.headers.x-a'],
    ['a non-signal', { signal: {} }, 'requestOptions.signal'],
    ['an AbortController', { signal: new AbortController() }, 'requestOptions.signal'],
    ['a null signal', { signal: null }, 'requestOptions.signal'],
  ])('%s', (_name, options, path) => {
    const error = rejectionOf(options);
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path} `)).toBe(true);
  });

  it('says a protected header cannot be overridden', () => {
    expect(rejectionOf({ headers: { authorization: 'x' } }).message).toBe(
      'requestOptions.headers.authorization may not override a header the SDK sets',
    );
  });

  it('names the argument as told', () => {
    expect(() => parseRequestOptions({ foo: 1 }, 'options')).toThrow(
      expect.objectContaining({ path: 'options.foo' }),
    );
  });

  it('never quotes a header value', () => {
    const marker = fc.string({ minLength: 12, maxLength: 40 }).map((text) => `M@rk3r-${text}`);
    const bad = fc.oneof(
      marker.map((value) => ({ options: { headers: { 'x-a': ` ${value}` } }, value })),
      marker.map((value) => ({ options: { headers: { Authorization: value } }, value })),
      marker.map((value) => ({ options: { headers: { 'x-a': `${value}\n` } }, value })),
      marker.map((value) => ({ options: { signal: value }, value })),
      marker.map((value) => ({ options: { headers: value }, value })),
    );
    fc.assert(
      fc.property(bad, ({ options, value }) => {
        expect(rejectionOf(options).message).not.toContain(value);
      }),
      { numRuns: 200 },
    );
  });
});
