import {
  type StorageServerError,
  type StorageServerErrorOptions,
  StorageServerResponseValidationError,
} from '@residency/errors';
import { parseJson } from '@residency/protocol';
import * as v from 'valibot';
import { readBodyText } from './exchange.ts';
import type { Exchanged } from './exchange-types.ts';
import { describeIssues } from './issues.ts';
import { describeExchange, responseErrorOptions } from './to-storage-error.ts';

/** A valibot schema a caller passes to describe a response body. */
export type ResponseSchema =
  | v.BaseSchema<unknown, unknown, v.BaseIssue<unknown>>
  | v.BaseSchemaAsync<unknown, unknown, v.BaseIssue<unknown>>;

/** The class of error a bad body becomes: a response-validation or an authentication error. */
export type BodyErrorClass = new (
  message: string,
  options?: StorageServerErrorOptions,
) => StorageServerError;

/**
 * Reads a JSON body and validates it with the caller's schema. An empty body is validated
 * as `undefined`, so `v.unknown()` or `v.optional(…)` accept a bodiless answer. An integer
 * literal past ±(2^53 − 1) is read exactly, as a `bigint` (`parseJson` of @residency/protocol).
 *
 * @param exchanged The successful exchange.
 * @param schema The schema the body must match.
 * @param ErrorClass The error a bad body becomes.
 * @returns The schema's output.
 * @throws {StorageServerResponseValidationError} The body is not JSON or does not match; the
 *   message names the failing paths, never the values.
 */
export async function parseJsonResponse<TSchema extends ResponseSchema>(
  exchanged: Exchanged,
  schema: TSchema,
  ErrorClass: BodyErrorClass = StorageServerResponseValidationError,
): Promise<v.InferOutput<TSchema>> {
  const text = await readBodyText(exchanged);
  const options = responseErrorOptions(exchanged.response);
  const description = describeExchange(exchanged.context);
  let input: unknown;
  try {
    // Exact for integers past ±(2^53 − 1) (bigints: range keys are signed 64-bit); a body
    // without a 16-digit integer literal goes through JSON.parse itself.
    input = text === '' ? undefined : parseJson(text);
  } catch {
    // No cause: a parser's message quotes part of the body.
    throw new ErrorClass(`${description} returned a body that is not valid JSON`, options);
  }
  const result = await v.safeParseAsync(schema, input);
  if (!result.success) {
    const issues = describeIssues(result.issues);
    throw new ErrorClass(`${description} returned an invalid body: ${issues}`, options);
  }
  return result.output;
}
