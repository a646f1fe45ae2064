// A/B against a checkout of earlier code, in one process: the record codec of this tree and of
// the baseline, measured in alternating slices, so the machine's load meets both alike (run to
// run noise on a shared machine is larger than the differences looked for). Each workload is
// what the SDK does per record besides HTTP: encode, write the wire JSON, parse a server's
// answer, decode; the baseline with the JSON functions it used (JSON.stringify / JSON.parse),
// this tree with @residency/protocol's. Also the codec alone.
//
//   tsx --conditions=@residency/source bench/ab-baseline.ts --baseline=/path/to/old/checkout
//
// The baseline is a copy of the repository at the old commit whose packages' node_modules link
// to the same dependencies (e.g. `git archive <commit> packages | tar -x -C DIR`, then copy each
// package's node_modules, which pnpm makes of relative links, and link DIR/node_modules).

import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Cipher } from '@residency/crypto';
import { parseJson, stringifyJson } from '@residency/protocol';
import { SecretKeyAccessor } from '@residency/secrets';
import { measureSlices } from '../../../tools/bench.ts';
import { RecordCodec, type RecordData } from '../src/index.ts';

type Codec = Pick<RecordCodec, 'encode' | 'decode'>;
type CodecClass = new (options: { environmentId: string; cipher: unknown }) => Codec;
type CipherClass = new (options: { secrets: unknown }) => unknown;
type AccessorClass = new (data: unknown) => unknown;

const baseline = process.argv.find((arg) => arg.startsWith('--baseline='))?.slice(11);
if (baseline === undefined) throw new Error('--baseline=DIR (a checkout of the old code)');

const old = {
  storage: (await import(join(baseline, 'packages/storage/src/index.ts'))) as {
    RecordCodec: CodecClass;
  },
  crypto: (await import(join(baseline, 'packages/crypto/src/index.node.ts'))) as {
    Cipher: CipherClass;
  },
  secrets: (await import(join(baseline, 'packages/secrets/src/index.ts'))) as {
    SecretKeyAccessor: AccessorClass;
  },
};

const RAW_KEY = randomBytes(32).toString('base64');
const SECRETS = { currentVersion: 1, secrets: [{ secret: RAW_KEY, version: 1, isKey: true }] };
const BODY = JSON.stringify({
  name: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
  address: { street: '12 St James Square', city: 'London', postcode: 'SW1Y 4JH' },
  born: '1815-12-10',
});
// The storage bench's typical record: a few keys, one range key, a small body.
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
const STAMPS = {
  created_at: '2024-05-01T12:00:00.000Z',
  updated_at: '2024-05-01T12:00:00.000Z',
  attachments: [],
};

function roundTrip(
  codec: Codec,
  stringify: (value: unknown) => string,
  parse: (text: string) => unknown,
): () => Promise<void> {
  return async () => {
    const wire = await codec.encode(RECORD);
    const sent = stringify(wire);
    const answer = parse(`${sent.slice(0, -1)},${stringify(STAMPS).slice(1)}`);
    const record = await codec.decode(answer as never);
    if (record.body !== BODY || record.rangeKey1 !== 1815) throw new Error('round trip failed');
  };
}

function codecOnly(codec: Codec): () => Promise<void> {
  return async () => {
    const record = await codec.decode({ ...(await codec.encode(RECORD)), ...STAMPS });
    if (record.body !== BODY) throw new Error('round trip failed');
  };
}

const environmentId = 'bench-environment';
const oldCodec = new old.storage.RecordCodec({
  environmentId,
  cipher: new old.crypto.Cipher({ secrets: new old.secrets.SecretKeyAccessor(SECRETS) }),
});
const newCodec = new RecordCodec({
  environmentId,
  cipher: new Cipher({ secrets: new SecretKeyAccessor(SECRETS) }),
});

const cases = [
  {
    label: 'encode + JSON out + JSON in + decode',
    before: roundTrip(oldCodec, JSON.stringify, JSON.parse),
    after: roundTrip(newCodec, stringifyJson, parseJson),
  },
  {
    label: 'encode + decode (codec alone)',
    before: codecOnly(oldCodec),
    after: codecOnly(newCodec),
  },
];

const format = (rate: number) => rate.toLocaleString('en-US', { maximumFractionDigits: 0 });
process.stdout.write(
  `Node ${process.version}, load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')};` +
    ` records/s, one core, median of five 400 ms slices alternating before/after (×4 runs, each side first in two)\n\n` +
    '| case | before /s | after /s | after / before |\n| --- | ---: | ---: | ---: |\n',
);
// The workload measured second in a pair ran up to 20 % faster here whichever it was, so half
// the runs put each side first, and the summary is the geometric mean over all of them.
for (const { label, before, after } of cases) {
  const ratios: number[] = [];
  for (let run = 0; run < 4; run++) {
    // Alternate which side goes first, so neither always meets the warmer machine.
    const order = run % 2 === 0 ? [before, after] : [after, before];
    const [first = 0, second = 0] = await measureSlices(order, 400);
    const [beforeRate, afterRate] = run % 2 === 0 ? [first, second] : [second, first];
    ratios.push(afterRate / beforeRate);
    const ratio = `${(afterRate / beforeRate).toFixed(3)}×`;
    process.stdout.write(
      `| ${label} | ${format(beforeRate)} | ${format(afterRate)} | ${ratio} |\n`,
    );
  }
  const mean = Math.exp(ratios.reduce((sum, ratio) => sum + Math.log(ratio), 0) / ratios.length);
  process.stdout.write(`| ${label}: geometric mean | | | ${mean.toFixed(3)}× |\n`);
}
process.stdout.write(
  `\nload average after: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}\n`,
);
