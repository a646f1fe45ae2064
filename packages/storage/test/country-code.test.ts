import { InputValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CountryCodeSchema, parseCountryCode } from '../src/country-code.ts';

describe('parseCountryCode', () => {
  it.each([
    ['us', 'us'],
    ['US', 'us'],
    ['aE', 'ae'],
  ])('accepts %s as %s', (input, expected) => {
    expect(parseCountryCode(input)).toBe(expected);
  });

  it.each([['usa'], ['u'], [''], ['u1'], [' us'], ['üs'], [12], [null], [undefined]])(
    'rejects %j naming the field, never the value',
    (input) => {
      let caught: unknown;
      try {
        parseCountryCode(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InputValidationError);
      expect((caught as InputValidationError).path).toBe('country');
      expect((caught as InputValidationError).message).toBe('country must be a two-letter code');
    },
  );

  it('names the argument as told', () => {
    expect(() => parseCountryCode('x', 'options.country')).toThrow(
      expect.objectContaining({ path: 'options.country' }),
    );
  });

  it('is a schema others can compose', () => {
    expect(v.parse(CountryCodeSchema, 'DE')).toBe('de');
  });
});
