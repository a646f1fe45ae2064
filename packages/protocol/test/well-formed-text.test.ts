import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isWellFormed, WELL_FORMED_RULE, wellFormedText } from '../src/well-formed-text.ts';

describe('isWellFormed', () => {
  it('accepts paired surrogates and refuses a lone one', () => {
    expect(isWellFormed('naïve 😀')).toBe(true);
    expect(isWellFormed('a\ud800')).toBe(false);
    expect(isWellFormed('\udc00b')).toBe(false);
  });

  it('agrees with the lone-surrogate definition on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(isWellFormed(text)).toBe(!/\p{Surrogate}/u.test(text));
      }),
    );
  });
});

describe('wellFormedText', () => {
  it('names the rule, never the value', () => {
    const result = v.safeParse(v.pipe(v.string(), wellFormedText()), 'secret\ud800');
    expect(result.success).toBe(false);
    expect(result.issues?.[0]?.message).toBe(WELL_FORMED_RULE);
    expect(JSON.stringify(result.issues?.map((issue) => issue.message))).not.toContain('secret');
  });
});
