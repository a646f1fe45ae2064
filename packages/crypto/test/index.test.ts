import { describe, expect, it } from 'vitest';
import * as nodeEntry from '../src/index.node.ts';
import * as defaultEntry from '../src/index.ts';

describe('the entries', () => {
  it('export the same names, the Node entry adding nodeBackend', () => {
    expect(Object.keys(nodeEntry).sort()).toEqual(
      [...Object.keys(defaultEntry), 'nodeBackend'].sort(),
    );
  });

  it('share every value of the default entry but the two Node overrides', () => {
    const overridden = ['Cipher', 'hashKey'];
    const nodeValues = new Map(Object.entries(nodeEntry));
    for (const [name, value] of Object.entries(defaultEntry)) {
      if (overridden.includes(name)) continue;
      expect(nodeValues.get(name), name).toBe(value);
    }
  });

  it('list the public values', () => {
    expect(Object.keys(defaultEntry).sort()).toEqual([
      'Cipher',
      'base64Decode',
      'base64Encode',
      'customEncryptionKey',
      'hashKey',
      'hexDecode',
      'hexEncode',
      'isBase64',
      'isWellFormed',
      'nobleBackend',
      'utf8Decode',
      'utf8Encode',
      'validateCustomEncryptionConfigs',
      'webCryptoBackend',
    ]);
  });

  it('differ only in the backend behind Cipher and hashKey', () => {
    expect(nodeEntry.Cipher).not.toBe(defaultEntry.Cipher);
    expect(nodeEntry.hashKey('InCountryKey', 'InCountry')).toBe(
      defaultEntry.hashKey('InCountryKey', 'InCountry'),
    );
    expect(new nodeEntry.Cipher().backend.name).toBe('node');
    expect(new defaultEntry.Cipher().backend.name).toBe('webcrypto');
  });
});
