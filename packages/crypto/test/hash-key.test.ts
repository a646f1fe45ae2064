import { InputValidationError } from '@residency/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormed } from '../src/encoding.ts';
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

  it.each(['col\ud800', 'col\udbff', '\udc00col', 'a\ud83d', '\ude80b'])(
    'refuses the ill-formed %j, which UTF-8 would turn into U+FFFD',
    (value) => {
      const attempt = () => hash(value, 'env');
      expect(attempt).toThrow(InputValidationError);
      expect(attempt).toThrow('The value to hash must be well-formed Unicode (no lone surrogate)');
    },
  );

  it('hashes paired surrogates (emoji) and U+FFFD itself', () => {
    expect(hash('emoji \ud83d\ude80', 'env')).toMatch(/^[0-9a-f]{64}$/);
    expect(hash('col\ufffd', 'env')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('hashKey on both entries', () => {
  it('agrees on any well-formed string', () => {
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
  });

  it('refuses any string with a lone surrogate, on both entries', () => {
    const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
    fc.assert(
      fc.property(fc.string(), lone, fc.string(), (before, surrogate, after) => {
        // A high surrogate followed by a low one would pair up: keep `after` from starting low.
        const value = `${before}${surrogate}${after.replace(/^[\udc00-\udfff]/, '')}`;
        if (isWellFormed(value)) return;
        expect(() => hashKey(value, 'env')).toThrow(InputValidationError);
        expect(() => nodeHashKey(value, 'env')).toThrow(InputValidationError);
      }),
    );
  });
});
