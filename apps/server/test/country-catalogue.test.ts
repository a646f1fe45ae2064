import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COUNTRIES } from '../src/config/countries.ts';
import { isoCountries, tokenRegionOf } from '../src/config/country-catalogue.ts';

interface DatasetEntry {
  readonly cca2: string;
  readonly name: { readonly common: string };
  readonly region: string;
  readonly subregion: string;
  readonly status: string;
}

/** The dataset as published, read here apart from the code under test. */
const dataset = createRequire(import.meta.url)('world-countries/countries.json') as DatasetEntry[];
const assigned = dataset.filter((entry) => entry.status === 'officially-assigned');

describe('isoCountries', () => {
  it('knows every officially assigned ISO 3166-1 alpha-2 code, with its common name', () => {
    // 249 codes are officially assigned in ISO 3166-1 (2024); the dataset has them all.
    expect(assigned).toHaveLength(249);
    const catalogue = isoCountries();
    expect(catalogue.size).toBe(assigned.length);
    for (const entry of assigned) {
      const code = entry.cca2.toLowerCase();
      expect(catalogue.get(code)).toEqual({
        code,
        name: entry.name.common,
        region: expect.stringMatching(/^(AMER|EMEA|APAC)$/),
      });
    }
  });

  it('leaves out user-assigned codes such as XK (Kosovo)', () => {
    expect(dataset.some((entry) => entry.cca2 === 'XK')).toBe(true);
    expect(isoCountries().has('xk')).toBe(false);
  });

  it('serves the default countries with the names and regions they always had', () => {
    for (const country of DEFAULT_COUNTRIES) {
      expect(isoCountries().get(country.code)).toEqual(country);
    }
    expect(DEFAULT_COUNTRIES.map(({ code }) => code)).toEqual(['us', 'de', 'gb', 'ae', 'sg', 'in']);
  });

  it.each([
    // The Americas, north to south, the Caribbean and Greenland.
    ['us', 'AMER'],
    ['ca', 'AMER'],
    ['mx', 'AMER'],
    ['br', 'AMER'],
    ['ar', 'AMER'],
    ['jm', 'AMER'],
    ['gl', 'AMER'],
    // Europe, Russia included.
    ['de', 'EMEA'],
    ['se', 'EMEA'],
    ['fr', 'EMEA'],
    ['gb', 'EMEA'],
    ['ru', 'EMEA'],
    ['ua', 'EMEA'],
    // Africa.
    ['ng', 'EMEA'],
    ['za', 'EMEA'],
    ['eg', 'EMEA'],
    ['ke', 'EMEA'],
    // Western Asia (UN M49): the Middle East and the Caucasus.
    ['ae', 'EMEA'],
    ['sa', 'EMEA'],
    ['il', 'EMEA'],
    ['tr', 'EMEA'],
    ['cy', 'EMEA'],
    ['ge', 'EMEA'],
    ['am', 'EMEA'],
    ['az', 'EMEA'],
    ['ps', 'EMEA'],
    ['ye', 'EMEA'],
    // The rest of Asia: southern, central, eastern, south-eastern.
    ['in', 'APAC'],
    ['ir', 'APAC'],
    ['kz', 'APAC'],
    ['jp', 'APAC'],
    ['cn', 'APAC'],
    ['kr', 'APAC'],
    ['sg', 'APAC'],
    ['id', 'APAC'],
    // Oceania.
    ['au', 'APAC'],
    ['nz', 'APAC'],
    ['fj', 'APAC'],
    // Antarctica and the sub-Antarctic islands (see ANTARCTIC_REGIONS).
    ['aq', 'AMER'],
    ['bv', 'AMER'],
    ['gs', 'AMER'],
    ['hm', 'APAC'],
    ['tf', 'EMEA'],
  ])('puts %s in %s', (code, region) => {
    expect(isoCountries().get(code)?.region).toBe(region);
  });
});

describe('tokenRegionOf', () => {
  it('gives every region of the dataset a token region', () => {
    for (const entry of assigned) expect(tokenRegionOf(entry)).toBeDefined();
  });

  it('gives none to a region or an Antarctic code it does not know', () => {
    expect(tokenRegionOf({ cca2: 'QQ', region: 'Atlantis', subregion: '' })).toBeUndefined();
    expect(tokenRegionOf({ cca2: 'QQ', region: 'Antarctic', subregion: '' })).toBeUndefined();
  });
});
