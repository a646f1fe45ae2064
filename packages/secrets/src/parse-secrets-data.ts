import { SecretsValidationError } from '@residency/errors';
import * as v from 'valibot';
import { describeIssues } from './issues.ts';
import { type SecretsData, SecretsDataSchema } from './secrets-data.ts';

/**
 * Validates what a secrets provider returned: a plain secret string or secrets data. A plain
 * string becomes `{ currentVersion: 0, secrets: [{ secret, version: 0 }] }`, so it answers for
 * version 0 only (the Node SDK's rule, protocol.md §7). The result and each of its secrets are
 * frozen copies; the input is neither kept nor changed.
 *
 * @param value A plain secret, or secrets data (see `SecretsDataSchema` for the rules).
 * @returns The validated, frozen secrets data.
 * @throws {SecretsValidationError} When the value breaks a rule; the message names each field
 *   and rule (e.g. `secrets.1.isKey must be a boolean`), never a value.
 * @example
 * ```ts
 * const data = parseSecretsData({ currentVersion: 1, secrets: [{ secret: 'pw', version: 1 }] });
 * data.secrets[0].isKey; // false
 * ```
 */
export function parseSecretsData(value: unknown): SecretsData {
  if (typeof value === 'string') {
    if (value === '') throw new SecretsValidationError('Invalid secret: must not be empty');
    return freezeSecretsData(
      v.parse(SecretsDataSchema, { currentVersion: 0, secrets: [{ secret: value, version: 0 }] }),
    );
  }
  if (typeof value !== 'object' || value === null) {
    throw new SecretsValidationError(
      'Invalid secrets data: must be a non-empty string or ' +
        'an object with currentVersion and secrets',
    );
  }
  const result = v.safeParse(SecretsDataSchema, value);
  if (!result.success) {
    // No `cause`: the issues carry the input, which holds the secrets.
    const details = describeIssues(result.issues, { root: 'secrets data' });
    throw new SecretsValidationError(`Invalid secrets data: ${details}`);
  }
  return freezeSecretsData(result.output);
}

// valibot's output is fresh objects and arrays, so freezing them never touches the caller's data.
function freezeSecretsData(data: SecretsData): SecretsData {
  for (const secret of data.secrets) Object.freeze(secret);
  Object.freeze(data.secrets);
  return Object.freeze(data);
}
