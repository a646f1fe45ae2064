import type { FindError, RequestOptionsInput } from '@residency/storage';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  MigrateAllOptions,
  MigrateAllResult,
  MigrateProgress,
  MigrateResult,
  Migrator,
} from '../src/index.ts';

declare const migrator: Migrator;

describe('Migrator types', () => {
  it('types migrate as the seed', () => {
    expectTypeOf(migrator.migrate).parameters.toEqualTypeOf<
      [string, number?, RequestOptionsInput?]
    >();
    expectTypeOf<MigrateResult['migrated']>().toEqualTypeOf<number>();
    expectTypeOf<MigrateResult['errors']>().toEqualTypeOf<FindError[] | undefined>();
  });

  it('types migrateAll with progress', () => {
    expectTypeOf(migrator.migrateAll).returns.resolves.toEqualTypeOf<MigrateAllResult>();
    expectTypeOf<MigrateAllResult>().toExtend<MigrateProgress>();
    expectTypeOf<NonNullable<MigrateAllOptions['onProgress']>>()
      .parameter(0)
      .toEqualTypeOf<MigrateProgress>();
  });
});
