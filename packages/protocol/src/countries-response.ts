import * as v from 'valibot';
import { wireObject } from './wire-issues.ts';
import { nonEmptyString, optionalBoolean, optionalString } from './wire-values.ts';

type CountryShape = {
  id: string;
  name?: string | null | undefined;
  direct?: boolean | null | undefined;
  region?: string | null | undefined;
};

const ID_RULE = 'must be a two-letter country code';

/**
 * The countries list (protocol.md §1.2): `{ countries: [{ id, name, direct, region }] }`.
 * `id` two ASCII letters (case kept: the fixtures use `US`); lenient elsewhere, as the SDKs are
 * between them: `name`, `direct` (a boolean) and `region` (`EMEA`, `APAC`, `AMER`) may be absent
 * or null. Our server always sends all four.
 */
export const CountriesResponseSchema: v.GenericSchema<{ countries: CountryShape[] }> = wireObject(
  {
    countries: v.array(
      wireObject(
        {
          id: v.pipe(nonEmptyString(), v.regex(/^[a-zA-Z]{2}$/, ID_RULE)),
          name: optionalString(),
          direct: optionalBoolean(),
          region: optionalString(),
        },
        'an object with id',
      ),
      'must be an array of countries',
    ),
  },
  'an object with countries',
);

/** The countries list. */
export type CountriesResponse = v.InferOutput<typeof CountriesResponseSchema>;
