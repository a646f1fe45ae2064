// Ill-formed Unicode is refused at the edge (issue 14): a string with a lone surrogate has no
// UTF-8 form, so TextEncoder, JSON on the server and PostgreSQL either replace it with U+FFFD
// (distinct keys then hash alike, a body changes) or fail the request. Messages name the field,
// never the value.

import { isWellFormed } from '@residency/crypto';
import * as v from 'valibot';

/** The rule every text field states when it holds a lone surrogate. */
export const WELL_FORMED_RULE = 'must be well-formed Unicode (no lone surrogate)';

/**
 * A valibot action refusing a string with a lone surrogate (`String.prototype.isWellFormed`).
 *
 * @returns The check, with our message (never the value).
 */
export function wellFormedText(): v.CheckAction<string, typeof WELL_FORMED_RULE> {
  return v.check(isWellFormed, WELL_FORMED_RULE);
}
