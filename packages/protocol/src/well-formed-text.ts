// Ill-formed Unicode is refused at the edge (issue 14): a string with a lone surrogate has no
// UTF-8 form, so TextEncoder, JSON on the server and PostgreSQL either replace it with U+FFFD
// (distinct keys then hash alike, a body changes) or fail the request. Messages name the field,
// never the value.
//
// `@residency/crypto` has the same check for what it hashes and encrypts; protocol sits above
// crypto in the DAG but may not import it (the contract knows no crypto), and crypto may not
// import protocol (arrows point down), so each keeps its own few lines.

import * as v from 'valibot';

/** The rule every text field states when it holds a lone surrogate. */
export const WELL_FORMED_RULE = 'must be well-formed Unicode (no lone surrogate)';

/** A UTF-16 code unit of a surrogate that is not half of a pair (in `u` mode, pairs are one). */
const LONE_SURROGATE = /\p{Surrogate}/u;

type WellFormedCheck = (this: string) => boolean;
/** `String.prototype.isWellFormed` (ES2024: Node 20, current browsers), when the runtime has it. */
const nativeIsWellFormed = (String.prototype as { isWellFormed?: WellFormedCheck }).isWellFormed;

/**
 * Tells whether a string is well-formed UTF-16: no lone surrogate (`\ud800` without its pair).
 *
 * @param text Any string.
 * @returns `true` when every surrogate is half of a pair.
 */
export function isWellFormed(text: string): boolean {
  // The native check is a single pass in C++; the regex is the fallback for older runtimes.
  return nativeIsWellFormed === undefined
    ? !LONE_SURROGATE.test(text)
    : nativeIsWellFormed.call(text);
}

/**
 * A valibot action refusing a string with a lone surrogate.
 *
 * @returns The check, with our message (never the value).
 */
export function wellFormedText(): v.CheckAction<string, typeof WELL_FORMED_RULE> {
  return v.check(isWellFormed, WELL_FORMED_RULE);
}
