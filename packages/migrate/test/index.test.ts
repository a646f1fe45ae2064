import { describe, expect, it } from 'vitest';
import * as migrate from '../src/index.ts';

describe('@residency/migrate exports', () => {
  it('lists exactly the public values', () => {
    expect(Object.keys(migrate).sort()).toEqual(
      ['DEFAULT_MIGRATE_ALL_OPTIONS', 'MAX_CONCURRENCY', 'MAX_REREADS', 'Migrator'].sort(),
    );
    expect(Object.isFrozen(migrate.DEFAULT_MIGRATE_ALL_OPTIONS)).toBe(true);
  });
});
