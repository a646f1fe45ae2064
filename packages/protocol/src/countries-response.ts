import * as v from 'valibot';
import { wireObject } from './wire-issues.ts';
import { optionalString } from './wire-values.ts';

/** A country of the list as sent (before the lower-casing of `id` and `region`). */
type CountryInput = {
  id: string;
  name?: string | null | undefined;
  direct?: boolean | undefined;
  region: string;
};

/** A country of the list as read: `id` and `region` lower-cased, `direct` `false` when absent. */
type CountryShape = {
  id: string;
  name?: string | null | undefined;
  direct: boolean;
  region: string;
};

const ID_RULE = 'must be a two-letter country code';
const DIRECT_RULE = 'must be a boolean';
const REGION_RULE = 'must be a string';

/**
 * The countries list (protocol.md §1.2): `{ countries: [{ id, name, direct, region }] }`, as
 * Python's `countries_data.py` checks it, the stricter of the SDKs: `id` two ASCII letters and
 * `region` (`EMEA`, `APAC`, `AMER`) a string, both required and lower-cased on parse; `direct` a
 * strict boolean, `false` when absent (`null` is refused); `name` a string, null or absent. Our
 * server always sends all four.
 */
export const CountriesResponseSchema: v.GenericSchema<
  { countries: CountryInput[] },
  { countries: CountryShape[] }
> = wireObject(
  {
    countries: v.array(
      wireObject(
        {
          id: v.pipe(v.string(ID_RULE), v.regex(/^[a-zA-Z]{2}$/, ID_RULE), v.toLowerCase()),
          name: optionalString(),
          direct: v.optional(v.boolean(DIRECT_RULE), false),
          region: v.pipe(v.string(REGION_RULE), v.toLowerCase()),
        },
        'an object with id and region',
      ),
      'must be an array of countries',
    ),
  },
  'an object with countries',
);

/** The countries list as read. */
export type CountriesResponse = v.InferOutput<typeof CountriesResponseSchema>;

/** One country of the list as read: `id` and `region` lower-case. */
export type CountryEntry = CountriesResponse['countries'][number];
