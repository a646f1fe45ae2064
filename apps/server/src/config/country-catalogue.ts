// Every ISO 3166-1 alpha-2 country, so `--countries se,fr,jp` names countries the server knows.
// Names and UN regions come from `world-countries` (mledoze/countries, ODbL-1.0): it is the npm
// dataset that carries each country's UN region and subregion, which decide the token region,
// and it places Russia in Europe (countries-list puts it in Asia, i18n-iso-countries has no
// regions at all). Its 1.4 MB JSON is read only when a code is neither a default country nor
// defined in the config file, and only the few fields used here are kept: a default start never
// reads it.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as v from 'valibot';
import type { Country } from './countries.ts';

/** The token regions of InCountry's countries list (protocol.md §1.2). */
export type TokenRegion = 'AMER' | 'EMEA' | 'APAC';

/**
 * The codes whose UN region decides nothing: the dataset's region "Antarctic". Each sub-Antarctic
 * territory gets the region of the UN M49 region it is listed under; Antarctica itself, which
 * M49 puts under no region, gets the region of its nearest continent (South America, across the
 * Drake Passage), where most of its traffic goes through.
 */
const ANTARCTIC_REGIONS: Readonly<Record<string, TokenRegion>> = {
  AQ: 'AMER', // Antarctica: no M49 region; nearest continent South America
  BV: 'AMER', // Bouvet Island: M49 South America
  GS: 'AMER', // South Georgia and the South Sandwich Islands: M49 South America
  HM: 'APAC', // Heard Island and McDonald Islands: M49 Australia and New Zealand
  TF: 'EMEA', // French Southern Territories: M49 Eastern Africa
};

/** The fields of one `world-countries` entry this server uses. */
const DatasetCountrySchema = v.object({
  cca2: v.pipe(v.string(), v.regex(/^[A-Z]{2}$/)),
  name: v.object({ common: v.pipe(v.string(), v.nonEmpty()) }),
  region: v.string(),
  subregion: v.string(),
  status: v.string(),
});

type DatasetCountry = v.InferOutput<typeof DatasetCountrySchema>;

const DatasetSchema = v.array(DatasetCountrySchema);

/**
 * Gives the token region InCountry groups a country under: AMER the Americas; EMEA Europe,
 * Africa and the Middle East (UN Western Asia, so `ae`, `sa`, `il`, `tr`, `ge` too); APAC the
 * rest of Asia and Oceania; the Antarctic codes as `ANTARCTIC_REGIONS` says.
 *
 * @param country The dataset's entry: code, UN region and subregion.
 * @returns The region, or `undefined` for a region the dataset did not have when this was
 *   written (a test fails then, so the table is extended rather than guessed).
 */
export function tokenRegionOf(country: {
  readonly cca2: string;
  readonly region: string;
  readonly subregion: string;
}): TokenRegion | undefined {
  switch (country.region) {
    case 'Americas':
      return 'AMER';
    case 'Europe':
    case 'Africa':
      return 'EMEA';
    case 'Asia':
      return country.subregion === 'Western Asia' ? 'EMEA' : 'APAC';
    case 'Oceania':
      return 'APAC';
    case 'Antarctic':
      return ANTARCTIC_REGIONS[country.cca2];
    default:
      return undefined;
  }
}

let catalogue: ReadonlyMap<string, Country> | undefined;

function readDataset(): DatasetCountry[] {
  const path = createRequire(import.meta.url).resolve('world-countries/countries.json');
  return v.parse(DatasetSchema, JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * Builds the catalogue from the dataset: the officially assigned ISO 3166-1 codes (the
 * user-assigned `XK` for Kosovo is left out; a config file can define it), lowercase, with
 * their common English names and token regions.
 *
 * @returns Every country by lowercase code, read once and kept.
 * @throws {Error} The dataset is missing or no longer has the fields used here.
 */
export function isoCountries(): ReadonlyMap<string, Country> {
  if (catalogue !== undefined) return catalogue;
  const entries = new Map<string, Country>();
  for (const country of readDataset()) {
    const region = tokenRegionOf(country);
    if (country.status !== 'officially-assigned' || region === undefined) continue;
    const code = country.cca2.toLowerCase();
    entries.set(code, { code, name: country.name.common, region });
  }
  catalogue = entries;
  return entries;
}
