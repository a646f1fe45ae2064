import * as v from 'valibot';
import { wireObject } from './wire-issues.ts';
import { plainString } from './wire-values.ts';

type ErrorEntryShape = {
  title: string;
  source?: string | undefined;
  detail?: string | undefined;
};

/**
 * The body of a PoP error answer (protocol.md §3): `{ errors: [{ title, source?, detail? }] }`,
 * strings all; Node formats each as `<status> <title>: <source> <detail>`.
 */
export const ErrorBodySchema: v.GenericSchema<{ errors: ErrorEntryShape[] }> = wireObject(
  {
    errors: v.array(
      wireObject(
        {
          title: plainString(),
          source: v.optional(plainString()),
          detail: v.optional(plainString()),
        },
        'an object with title',
      ),
      'must be an array of errors',
    ),
  },
  'an object with errors',
);

/** A PoP error body. */
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;
