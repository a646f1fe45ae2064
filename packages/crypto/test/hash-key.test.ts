import { InputValidationError } from '@residency/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKey as nodeHashKey } from '../src/hash-key.node.ts';
import { hashKey } from '../src/hash-key.ts';

describe.each([
  { entry: 'default', hash: hashKey },
  { entry: 'node', hash: nodeHashKey },
])('hashKey of the $entry entry', ({ hash }) => {
  it('gives the known answer sha256("InCountryKey:InCountry")', () => {
    expect(hash('InCountryKey', 'InCountry')).toBe(
      '976143aa1fd12b9ad7449fd9d3a6d25347d71b890b49d4fb5c738e798238865f',
    );
  });

  it('lowercases the value only when normalizing', () => {
    expect(hash('inCountryKEY', 'InCountry', { normalize: true })).toBe(
      hash('incountrykey', 'InCountry'),
    );
    expect(hash('inCountryKEY', 'InCountry', { normalize: false })).not.toBe(
      hash('incountrykey', 'InCountry'),
    );
    expect(hash('inCountryKEY', 'InCountry')).toBe(hash('inCountryKEY', 'InCountry', {}));
  });

  it('never lowercases the environment id', () => {
    expect(hash('key', 'InCountry', { normalize: true })).not.toBe(
      hash('key', 'incountry', { normalize: true }),
    );
  });

  it('is synchronous and returns 64 lowercase hex characters', () => {
    const result: string = hash('', '');
    expect(result).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses values that are not strings', () => {
    expect(() => hash(42 as never, 'env')).toThrow(InputValidationError);
    expect(() => hash('key', undefined as never)).toThrow(InputValidationError);
  });
});

describe('hashKey on both entries', () => {
  it('agrees on any string, and turns lone surrogates into U+FFFD alike', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string(),
        fc.boolean(),
        (value, env, normalize) => {
          expect(nodeHashKey(value, env, { normalize })).toBe(hashKey(value, env, { normalize }));
        },
      ),
    );
    expect(nodeHashKey('\ud800', 'env')).toBe(hashKey('\ud800', 'env'));
  });
});
