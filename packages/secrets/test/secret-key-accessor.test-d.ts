import type { Secret, SecretSet, SecretSource } from '@residency/crypto';
import { expectTypeOf, test } from 'vitest';
import type {
  SecretKeyAccessor,
  SecretKeyAccessorInput,
  SecretsData,
  SecretsDataInput,
} from '../src/index.ts';

test('SecretKeyAccessor is a SecretSource', () => {
  expectTypeOf<SecretKeyAccessor>().toExtend<SecretSource>();
  expectTypeOf<SecretKeyAccessor['getSecret']>().returns.toEqualTypeOf<Promise<Secret>>();
  expectTypeOf<SecretsData>().toEqualTypeOf<SecretSet>();
});

test('the constructor takes a value or a sync or async provider of one', () => {
  const data: SecretsDataInput = { currentVersion: 0, secrets: [{ secret: 'pw', version: 0 }] };
  expectTypeOf(data).toExtend<SecretKeyAccessorInput>();
  expectTypeOf<'pw'>().toExtend<SecretKeyAccessorInput>();
  expectTypeOf<() => string>().toExtend<SecretKeyAccessorInput>();
  expectTypeOf<() => Promise<SecretsDataInput>>().toExtend<SecretKeyAccessorInput>();
  expectTypeOf<number>().not.toExtend<SecretKeyAccessorInput>();
  expectTypeOf<() => number>().not.toExtend<SecretKeyAccessorInput>();
  expectTypeOf<{
    currentVersion: 0;
    secrets: [{ secret: 'x' }];
  }>().not.toExtend<SecretKeyAccessorInput>();
});
