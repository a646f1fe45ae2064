import { RECORDS_PREFIX } from '@residency/protocol';
import { describe, expect, it } from 'vitest';
import { joinUrl } from '../src/index.ts';

describe('joinUrl', () => {
  it('trims the slashes around every part, as Python does', () => {
    expect(joinUrl('https://h.test/', `${RECORDS_PREFIX}/us/`, '/find')).toBe(
      'https://h.test/v2/storage/records/us/find',
    );
  });

  it('skips empty parts instead of adding a trailing slash', () => {
    expect(joinUrl('https://h.test', `${RECORDS_PREFIX}/us`, '')).toBe(
      'https://h.test/v2/storage/records/us',
    );
  });

  it('keeps a base path of the host', () => {
    expect(joinUrl('http://localhost:8080/base/', 'healthcheck')).toBe(
      'http://localhost:8080/base/healthcheck',
    );
  });
});
