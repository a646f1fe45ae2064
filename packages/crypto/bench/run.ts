// Throughput of Cipher on the Node entry, each figure beside a reference measured in the same
// run: the official SDK's algorithm written straight on node:crypto. Run: `pnpm bench`.
// Sequential on one core; about 30 seconds.

import { createCipheriv, createDecipheriv, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { measureSlices } from '../../../tools/bench.ts';
import {
  Cipher,
  type CipherOptions,
  type CryptoBackend,
  nobleBackend,
  nodeBackend,
  type Secret,
  type SecretSource,
  webCryptoBackend,
} from '../src/index.node.ts';

const PASSWORD = 'bench-password-8e1f3c2a';
const RAW_KEY = randomBytes(32).toString('base64');
// A typical record body: the JSON envelope of a ~200-byte record.
const BODY = JSON.stringify({
  meta: { record_key: 'user-4711', profile_key: 'profile-0815', key1: 'customer' },
  payload: JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com', city: 'London' }),
});

function secretsOf(secret: string, isKey: boolean): SecretSource {
  const value: Secret = { version: 1, secret, isKey, isForCustomEncryption: false };
  return {
    getSecret: async () => value,
    getSecrets: async () => ({ currentVersion: 1, secrets: [value] }),
  };
}

const pbkdf2Async = promisify(pbkdf2);

/**
 * What the official Node SDK does per record (`util.promisify(crypto.pbkdf2)` in its in-crypt):
 * one PBKDF2 on the thread pool to encrypt, one to decrypt.
 */
async function referenceRecord(): Promise<void> {
  const salt = randomBytes(64);
  const iv = randomBytes(12);
  const key = await pbkdf2Async(PASSWORD, salt, 10_000, 32, 'sha512');
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(BODY, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const ciphertext = `2:${Buffer.concat([salt, iv, sealed]).toString('base64')}`;
  const bytes = Buffer.from(ciphertext.slice(2), 'base64');
  const readKey = await pbkdf2Async(PASSWORD, bytes.subarray(0, 64), 10_000, 32, 'sha512');
  const decipher = createDecipheriv('aes-256-gcm', readKey, bytes.subarray(64, 76));
  decipher.setAuthTag(bytes.subarray(-16));
  const plaintext = Buffer.concat([decipher.update(bytes.subarray(76, -16)), decipher.final()]);
  if (plaintext.toString('utf8') !== BODY) throw new Error('reference round trip failed');
}

/** One record through a writer and a reader cipher; `reader` makes the reader per record. */
function cipherRecord(writer: Cipher, reader: () => Cipher): () => Promise<void> {
  return async () => {
    const { ciphertext, version } = await writer.encrypt(BODY);
    if ((await reader().decrypt(ciphertext, version)) !== BODY)
      throw new Error('round trip failed');
  };
}

/**
 * Runs two PBKDF2-bound workloads record by record in turn, timing each apart, so both meet the
 * same machine: on a shared virtual machine a PBKDF2 takes 7 to 12 ms from one second to the
 * next, which would swamp a comparison of runs made one after the other.
 */
async function measurePair(
  first: () => unknown,
  second: () => unknown,
  milliseconds: number,
): Promise<[number, number]> {
  for (let index = 0; index < 3; index++) {
    await first();
    await second();
  }
  let count = 0;
  let firstTime = 0;
  let secondTime = 0;
  while (firstTime + secondTime < milliseconds) {
    const start = performance.now();
    await first();
    const middle = performance.now();
    await second();
    secondTime += performance.now() - middle;
    firstTime += middle - start;
    count++;
  }
  return [(count * 1000) / firstTime, (count * 1000) / secondTime];
}

interface Scenario {
  readonly name: string;
  readonly record: () => unknown;
  readonly milliseconds: number;
  readonly target?: string;
}

function scenarios(backend: CryptoBackend, label: string, target?: string): Scenario[] {
  const options = (secrets: SecretSource): CipherOptions => ({ secrets, backend });
  const password = secretsOf(PASSWORD, false);
  const rawKey = secretsOf(RAW_KEY, true);
  const reused = new Cipher(options(password));
  const warmReader = new Cipher(options(password));
  const keyCipher = new Cipher(options(rawKey));
  return [
    {
      name: `(b) password, derived-key reuse, warm reader [${label}]`,
      record: cipherRecord(reused, () => warmReader),
      milliseconds: 2000,
      ...(target === undefined ? {} : { target }),
    },
    {
      name: `(c) raw isKey key [${label}]`,
      record: cipherRecord(keyCipher, () => keyCipher),
      milliseconds: 2000,
      ...(target === undefined ? {} : { target }),
    },
  ];
}

function row(name: string, perSecond: number, reference: number, target = ''): string {
  const rate = perSecond.toLocaleString('en-US', {
    maximumFractionDigits: perSecond < 1000 ? 1 : 0,
  });
  const ratio = `${(perSecond / reference).toFixed(2)}×`;
  return `| ${name.padEnd(58)} | ${rate.padStart(10)} | ${ratio.padStart(9)} | ${target.padEnd(12)} |`;
}

async function main(): Promise<void> {
  const password = secretsOf(PASSWORD, false);
  const official = new Cipher({ secrets: password, keyReuse: false });
  const freshReader = () => new Cipher({ secrets: password, keyReuse: false });
  const [reference, derivingEachTime] = await measurePair(
    referenceRecord,
    cipherRecord(official, freshReader),
    10_000,
  );
  const lines = [
    `Node ${process.version}, ${BODY.length}-byte body, records/s = encrypt + decrypt, one core;`,
    '(ref) and (a) timed record by record in turn; the others the median of five slices.',
    '',
    `| ${'scenario'.padEnd(58)} | ${'records/s'.padStart(10)} | ${'vs (ref)'.padStart(9)} | ${'target'.padEnd(12)} |`,
    `| ${'-'.repeat(58)} | ${'-'.repeat(9)}: | ${'-'.repeat(8)}: | ${'-'.repeat(12)} |`,
    row('(ref) official algorithm on node:crypto', reference, reference),
    row(
      '(a) password, no reuse, fresh reader per record [node]',
      derivingEachTime,
      reference,
      '≥ 0.9× ref',
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const [backend, label, target] of [
    [nodeBackend, 'node', '≥ 20,000/s'],
    [webCryptoBackend, 'webcrypto', undefined],
    [nobleBackend, 'noble', undefined],
  ] as const) {
    for (const scenario of scenarios(backend, label, target)) {
      const perSecond = (
        await measureSlices([scenario.record], scenario.milliseconds / 5)
      )[0] as number;
      process.stdout.write(`${row(scenario.name, perSecond, reference, scenario.target)}\n`);
    }
  }
}

await main();
