import * as v from 'valibot';
import { wireObject } from './wire-issues.ts';

type TokenResponseShape = {
  access_token: string;
  expires_in: number;
  token_type?: string | undefined;
  scope?: string | undefined;
};

const TOKEN_RULE = 'must be a non-empty string';
const EXPIRES_RULE = 'must be a number of seconds ≥ 0';
const STRING_RULE = 'must be a string';

/**
 * The OAuth2 token endpoint's answer (protocol.md §2.3): `access_token` a non-empty string,
 * `expires_in` a number of seconds ≥ 0; `token_type` (`bearer`) and `scope` optional strings,
 * which the SDKs do not read.
 */
export const TokenResponseSchema: v.GenericSchema<TokenResponseShape> = wireObject(
  {
    access_token: v.pipe(v.string(TOKEN_RULE), v.minLength(1, TOKEN_RULE)),
    expires_in: v.pipe(v.number(EXPIRES_RULE), v.finite(EXPIRES_RULE), v.minValue(0, EXPIRES_RULE)),
    token_type: v.optional(v.string(STRING_RULE)),
    scope: v.optional(v.string(STRING_RULE)),
  },
  'an object with access_token and expires_in',
);

/** The token endpoint's answer. */
export type TokenResponse = v.InferOutput<typeof TokenResponseSchema>;
