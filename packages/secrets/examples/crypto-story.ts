// The crypto and secrets story, told with the public entries only: what `pnpm demo` prints
// until the end-to-end demo on the embedded server exists. Run: `pnpm demo` from the root.
import { Cipher, hashKey } from '@residency/crypto';
import { isStorageError, StorageCryptoError } from '@residency/errors';
import { SecretKeyAccessor, type SecretsDataInput } from '@residency/secrets';

const ENVIRONMENT_ID = 'env-onbwogHg';

// A record written by the official InCountry Node SDK 3.5.0 (a vector of this project's suite).
const OFFICIAL = {
  secret: 'pw-cfLAxscg-6gVi0wD5',
  recordKey: 'Zürich Straße 5',
  wire: {
    record_key: '4a64268cc70771431cb3178b379b15fbc84d1b2ca1fe8d478c339dec6d8f9def',
    body: '2:hQzmdR7H859a0FtIX9IIVxsejrVWOumuuwwonrIVgsgnJfaKReczmTGSm5dU2q4lZt3S9vNezZ90uZ+RBRqStFN2cg+eLYmbEcdifrd1bh03zTXjBZ1IVWPGBb6t4NqMUb9YpKhYUWejonpIFSaJKnISchvmi1STsHOTFbO+MqX9I1OFOMQ6+ylZ45jIkxS4SV0p8OssdlGfVuKLcbcxHa/ftT4IDIeOKAAYFvYJ6BD88NDzfyeZbAvcHMr19c31PPuMHE6wABmUinAh5vT/V5qeY+4s8fQiCWTSm3QkJuAZg44FTIQBsgp0uwMo7JY4DQ==',
    version: 0,
  },
};

function step(title: string): void {
  console.log(`\n── ${title}`);
}

function short(ciphertext: string): string {
  return `${ciphertext.slice(0, 28)}… (${ciphertext.length} chars)`;
}

function envelope(recordKey: string, payload: string): string {
  return JSON.stringify({ meta: { record_key: recordKey }, payload });
}

async function hashing(): Promise<void> {
  step('1. Keys are hashed before they leave the application');
  const hashed = hashKey('customer-4711', ENVIRONMENT_ID);
  console.log(`record key "customer-4711" is sent as ${hashed}`);
  const normalized = hashKey('Customer-4711', ENVIRONMENT_ID, { normalize: true });
  console.log(`with normalizeKeys, "Customer-4711" hashes the same: ${normalized === hashed}`);
}

async function rotation(): Promise<void> {
  step('2. Bodies are encrypted with the application secret; secrets rotate');
  let secrets: SecretsDataInput = {
    currentVersion: 1,
    secrets: [{ secret: 'first-password-a8f3', version: 1 }],
  };
  const accessor = new SecretKeyAccessor(() => secrets);
  const cipher = new Cipher({ secrets: accessor });
  const first = await cipher.encrypt(envelope('customer-4711', '{"name":"Ada"}'));
  console.log(`written with version ${first.version}: ${short(first.ciphertext)}`);

  const rawKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  secrets = {
    currentVersion: 2,
    secrets: [...secrets.secrets, { secret: rawKey, version: 2, isKey: true }],
  };
  const second = await cipher.encrypt(envelope('customer-4712', '{"name":"Grace"}'));
  console.log(
    `after rotation to a raw key, version ${second.version}: ${short(second.ciphertext)}`,
  );
  const old = JSON.parse(await cipher.decrypt(first.ciphertext, first.version));
  console.log(`the version-1 record still reads: payload ${old.payload}`);
}

async function official(): Promise<void> {
  step('3. A record written by the official InCountry Node SDK reads here');
  const hashed = hashKey(OFFICIAL.recordKey, ENVIRONMENT_ID);
  console.log(
    `hash of "${OFFICIAL.recordKey}" matches the SDK's: ${hashed === OFFICIAL.wire.record_key}`,
  );
  const cipher = new Cipher({ secrets: new SecretKeyAccessor(OFFICIAL.secret) });
  const body = JSON.parse(await cipher.decrypt(OFFICIAL.wire.body, OFFICIAL.wire.version));
  console.log(`decrypted: record_key ${body.meta.record_key}, payload ${body.payload}`);
}

async function failures(): Promise<void> {
  step('4. Tampering and wrong secrets fail loudly, and say nothing secret');
  const cipher = new Cipher({ secrets: new SecretKeyAccessor('the-right-secret-71c') });
  const { ciphertext, version } = await cipher.encrypt(envelope('k', 'confidential'));
  const flipped = `${ciphertext.slice(0, 40)}${ciphertext[40] === 'A' ? 'B' : 'A'}${ciphertext.slice(41)}`;
  const wrong = new Cipher({ secrets: new SecretKeyAccessor('a-wrong-secret-2b9') });
  for (const [label, attempt] of [
    ['one character flipped', () => cipher.decrypt(flipped, version)],
    ['the wrong secret', () => wrong.decrypt(ciphertext, version)],
    ['an unknown format', () => cipher.decrypt('9:abc', version)],
  ] as const) {
    try {
      await attempt();
      throw new Error(`${label} decrypted`);
    } catch (error) {
      if (!(error instanceof StorageCryptoError)) throw error;
      console.log(`${label}: ${error.name}: ${error.message}`);
    }
  }
}

async function speed(): Promise<void> {
  step('5. Derived-key reuse keeps the official format and makes it fast');
  const cipher = new Cipher({ secrets: new SecretKeyAccessor('a-password-secret-9d2') });
  const body = envelope('customer-4711', JSON.stringify({ name: 'Ada Lovelace', city: 'London' }));
  const count = 5000;
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    const { ciphertext, version } = await cipher.encrypt(body);
    await cipher.decrypt(ciphertext, version);
  }
  const perSecond = Math.round((count * 1000) / (performance.now() - start));
  console.log(`${count} records encrypted and decrypted: ${perSecond.toLocaleString('en-US')}/s`);
}

async function main(): Promise<void> {
  console.log('Residency: the crypto layer, compatible with the InCountry SDKs byte for byte');
  await hashing();
  await rotation();
  await official();
  await failures();
  await speed();
  console.log('\nDone. `pnpm test` runs every test; `pnpm bench` measures the crypto layer.');
}

main().catch((error: unknown) => {
  console.error(isStorageError(error) ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
