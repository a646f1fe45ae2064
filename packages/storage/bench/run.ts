// Throughput of RecordCodec (encode + decode of one typical record) beside the bare Cipher
// encrypt + decrypt of the same body, measured in the same run, so the codec's overhead reads
// as a ratio: hashing the keys, building and parsing the body envelope, copying the fields and
// reading the dates. Run: `pnpm bench` (sequential, one core, about 25 seconds).

import { randomBytes } from 'node:crypto';
import { Cipher } from '@residency/crypto';
import type { ServerRecord } from '@residency/protocol';
import { SecretKeyAccessor } from '@residency/secrets';
import { measureSlices } from '../../../tools/bench.ts';
import { RecordCodec, type RecordData } from '../src/index.ts';

const ENVIRONMENT_ID = 'bench-environment';
const PASSWORD = 'bench-password-8e1f3c2a';
const RAW_KEY = randomBytes(32).toString('base64');

// A typical ~200-byte body: a small JSON document of personal data.
const BODY = JSON.stringify({
  name: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
  phone: '+44 20 7946 0958',
  address: { street: '12 St James Square', city: 'London', postcode: 'SW1Y 4JH' },
  born: '1815-12-10',
  notes: 'Prefers contact by email.',
});

// A typical record: the key, a profile key, a few search keys, a range key, the body.
const RECORD: RecordData = {
  recordKey: 'user-4711',
  profileKey: 'profile-0815',
  key1: 'customer',
  key2: 'london',
  key3: 'newsletter',
  serviceKey1: 'crm',
  rangeKey1: 1815,
  body: BODY,
};

// What a server adds when it stores a record (protocol.md §4.3).
const STORED: Pick<ServerRecord, 'created_at' | 'updated_at' | 'attachments'> = {
  created_at: '2024-05-01T12:00:00.000Z',
  updated_at: '2024-05-01T12:00:00.000Z',
  attachments: [],
};

interface Setup {
  readonly label: string;
  readonly secrets: SecretKeyAccessor;
}

function setups(): Setup[] {
  const secret = (value: string, isKey: boolean) =>
    new SecretKeyAccessor({ currentVersion: 1, secrets: [{ secret: value, version: 1, isKey }] });
  return [
    { label: '(1) raw isKey key', secrets: secret(RAW_KEY, true) },
    { label: '(2) password, derived-key reuse', secrets: secret(PASSWORD, false) },
  ];
}

/** One record through the codec: encode, then decode what a server would send back. */
function codecRecord(codec: RecordCodec): () => Promise<void> {
  return async () => {
    const wire = await codec.encode(RECORD);
    const record = await codec.decode({ ...wire, ...STORED });
    if (record.body !== BODY || record.key2 !== 'london') throw new Error('round trip failed');
  };
}

/** The same body through a bare cipher: encrypt, then decrypt. */
function cipherRecord(cipher: Cipher): () => Promise<void> {
  return async () => {
    const { ciphertext, version } = await cipher.encrypt(BODY);
    if ((await cipher.decrypt(ciphertext, version)) !== BODY) throw new Error('round trip failed');
  };
}

function format(perSecond: number): string {
  return perSecond.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

async function main(): Promise<void> {
  const width = 40;
  const lines = [
    `Node ${process.version}; record: ${JSON.stringify(RECORD).length} bytes as JSON,` +
      ` body ${BODY.length} bytes; records/s = encode + decode (codec) or encrypt + decrypt`,
    '(cipher) of the same body, one core, median of five 400 ms slices after 1 s warm-up.',
    '',
    `| ${'secret'.padEnd(width)} | ${'codec rec/s'.padStart(11)} | ${'cipher rec/s'.padStart(12)} | ${'codec / cipher'.padStart(14)} |`,
    `| ${'-'.repeat(width)} | ${'-'.repeat(10)}: | ${'-'.repeat(11)}: | ${'-'.repeat(13)}: |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const { label, secrets } of setups()) {
    const cipher = new Cipher({ secrets });
    const codec = new RecordCodec({ environmentId: ENVIRONMENT_ID, cipher });
    const [codecRate = 0, cipherRate = 0] = await measureSlices(
      [codecRecord(codec), cipherRecord(new Cipher({ secrets }))],
      400,
    );
    const ratio = `${(codecRate / cipherRate).toFixed(2)}×`;
    process.stdout.write(
      `| ${label.padEnd(width)} | ${format(codecRate).padStart(11)} | ${format(cipherRate).padStart(12)} | ${ratio.padStart(14)} |\n`,
    );
  }
}

await main();
