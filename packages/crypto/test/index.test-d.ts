import { describe, expectTypeOf, it } from 'vitest';
import * as nodeEntry from '../src/index.node.ts';
import * as defaultEntry from '../src/index.ts';

// Both entries share one `types` file per condition; their shared names must have one type.
describe('the public types', () => {
  it('are the same on both entries', () => {
    expectTypeOf<InstanceType<typeof nodeEntry.Cipher>>().toEqualTypeOf<
      InstanceType<typeof defaultEntry.Cipher>
    >();
    expectTypeOf(nodeEntry.hashKey).toEqualTypeOf(defaultEntry.hashKey);
    expectTypeOf(nodeEntry.webCryptoBackend).toEqualTypeOf(defaultEntry.webCryptoBackend);
    expectTypeOf<ConstructorParameters<typeof nodeEntry.Cipher>>().toEqualTypeOf<
      ConstructorParameters<typeof defaultEntry.Cipher>
    >();
  });

  it('keep hashKey synchronous and the cipher asynchronous', () => {
    expectTypeOf(defaultEntry.hashKey).returns.toEqualTypeOf<string>();
    expectTypeOf<defaultEntry.Cipher['encrypt']>().returns.toEqualTypeOf<
      Promise<defaultEntry.EncryptResult>
    >();
    expectTypeOf<defaultEntry.Cipher['decrypt']>().parameters.toEqualTypeOf<
      [ciphertext: string, version?: number | null]
    >();
  });

  it('accept every backend as the backend option', () => {
    expectTypeOf(nodeEntry.nodeBackend).toExtend<defaultEntry.CryptoBackend>();
    expectTypeOf(defaultEntry.nobleBackend).toExtend<defaultEntry.CryptoBackend>();
    expectTypeOf(defaultEntry.webCryptoBackend).toExtend<defaultEntry.CryptoBackend>();
  });
});
