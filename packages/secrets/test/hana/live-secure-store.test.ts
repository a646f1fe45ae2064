import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HanaCredentialsInput,
  type HanaDriverChoice,
  HanaSecretsProvider,
  HanaSecureStore,
  SecureStoreEntryExistsError,
} from '../../src/hana/index.ts';
import { SecretKeyAccessor } from '../../src/index.ts';

// A smoke test against a real securestore binding, to settle the fact sheet's open questions
// (§9). Set HANA_SECURESTORE_TEST_BINDING to a binding's JSON (the VCAP_SERVICES entry, or
// just its credentials); HANA_SECURESTORE_TEST_DRIVER picks the driver (default auto).

const binding = process.env.HANA_SECURESTORE_TEST_BINDING ?? '';

function credentialsOf(json: string): HanaCredentialsInput {
  const parsed = JSON.parse(json) as { credentials?: HanaCredentialsInput } & HanaCredentialsInput;
  return parsed.credentials ?? parsed;
}

if (binding === '') {
  it.skip('live SAP HANA Secure Store (skipped: HANA_SECURESTORE_TEST_BINDING is not set)', () => {});
} else {
  describe('live SAP HANA Secure Store (HANA_SECURESTORE_TEST_BINDING)', liveSuite);
}

function liveSuite(): void {
  // A fresh store name per run: nothing of an earlier run is seen or touched.
  const storeName = `residency-live-${randomUUID()}`;
  const key = `key-${randomUUID()}`;
  let store: HanaSecureStore;

  beforeAll(() => {
    store = new HanaSecureStore({
      credentials: credentialsOf(binding),
      storeName,
      driver: (process.env.HANA_SECURESTORE_TEST_DRIVER as HanaDriverChoice | undefined) ?? 'auto',
    });
  });

  afterAll(async () => {
    await store.delete(key);
    await new HanaSecretsProvider({ store }).delete();
  });

  it('writes, reads, replaces and deletes an entry', async () => {
    expect(await store.get(key)).toBeNull();
    await store.create(key, 'first');
    expect(await store.getText(key)).toBe('first');
    await store.set(key, Uint8Array.of(0, 1, 255));
    expect(await store.get(key)).toEqual(Uint8Array.of(0, 1, 255));
  });

  it('refuses a duplicate INSERT (observes its error code)', async () => {
    const error = await store.create(key, 'again').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SecureStoreEntryExistsError);
    const cause = (error as Error).cause as { code?: unknown; sqlState?: unknown };
    console.info(
      `duplicate INSERT: code ${String(cause.code)}, SQLSTATE ${String(cause.sqlState)}`,
    );
  });

  it('deletes, and deleting a missing key succeeds', async () => {
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('rotates secrets for a SecretKeyAccessor', async () => {
    const provider = new HanaSecretsProvider({ store });
    const { version } = await provider.rotate();
    const accessor = new SecretKeyAccessor(provider.accessor());
    expect((await accessor.getSecret()).version).toBe(version);
  });
}
