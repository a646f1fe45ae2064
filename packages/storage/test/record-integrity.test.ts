// The read-side integrity check (issue 14): a record read back must be the one its body was
// written for. The attacks of the hostile review: alice's stored body copied onto bob's record
// made `read('us', 'bob')` return alice; a forged `pt:` body under "carol" read back as the
// attacker's text. Both now fail with StorageCryptoError on `read` and land in `find`'s `errors`.
import { hashKey } from '@residency/crypto';
import { StorageCryptoError, type StorageError } from '@residency/errors';
import type { ServerRecord } from '@residency/protocol';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RecordCodec as Codec, type RecordCodec, type RecordInput } from '../src/index.ts';
import { ENV, testCipher, testCodec } from './support/codecs.ts';
import { createHarness, echoed, popHandler, stored, tokens } from './support/storage-harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const hash = (value: string) => hashKey(value, ENV);
const ALICE = { recordKey: 'alice', body: 'ALICE-PRIVATE-BODY', profileKey: 'alice-profile' };
const BOB = { recordKey: 'bob', body: 'BOB-BODY', profileKey: 'bob-profile' };

/** A `pt:` body holding an envelope, as anyone with an environment token can write one. */
function plaintextBody(meta: Record<string, unknown>, payload: string): string {
  return `pt:${Buffer.from(JSON.stringify({ meta, payload })).toString('base64')}`;
}

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StorageCryptoError);
  const text = `${String(error)} ${JSON.stringify(error)}`;
  for (const value of ['ALICE-PRIVATE-BODY', 'alice-profile', 'BOB-BODY', 'CAROL']) {
    expect(text).not.toContain(value);
  }
  return error as StorageError;
}

const mismatch = (field: string) =>
  `The record's ${field} does not match the one sealed in its body: the stored record was altered or belongs to another record`;

describe('RecordCodec.decode: keys against the envelope', () => {
  it("refuses alice's body copied onto bob's record", async () => {
    const codec = testCodec('LOCAL');
    const alice = await codec.encode(ALICE);
    const bob = await codec.encode(BOB);

    const error = await failure(codec.decode({ ...bob, body: alice.body }));

    expect(error.message).toBe(mismatch('record_key'));
  });

  it.each<[string, Partial<ServerRecord>, RecordInput]>([
    ['profile_key', { profile_key: hash('mallory') }, ALICE],
    ['profile_key', { profile_key: null }, ALICE],
    ['parent_key', { parent_key: hash('x') }, { ...ALICE, parentKey: 'p' }],
    ['service_key2', { service_key2: hash('x') }, { ...ALICE, serviceKey2: 's' }],
    ['key3', { key3: hash('x') }, { ...ALICE, key3: 'k' }],
    ['key3', { key3: undefined }, { ...ALICE, key3: 'k' }],
  ])('refuses a stored %s other than the sealed one (%j)', async (field, change, record) => {
    const codec = testCodec('LOCAL');
    const wire = await codec.encode(record);

    const error = await failure(codec.decode({ ...wire, ...change }));

    expect(error.message).toBe(mismatch(field));
  });

  it('refuses a stored key where the envelope holds an explicit null (the Node SDK writes them)', async () => {
    const codec = testCodec('LOCAL');
    const cipher = testCipher();
    const meta = { record_key: 'alice', profile_key: null };
    const { ciphertext, version } = await cipher.encrypt(JSON.stringify({ meta, payload: 'b' }));
    const server = { record_key: hash('alice'), body: ciphertext, version };

    expect((await codec.decode(server)).profileKey).toBeNull();
    const error = await failure(codec.decode({ ...server, profile_key: hash('p') }));
    expect(error.message).toBe(mismatch('profile_key'));
  });

  it('checks plain search keys against the envelope (hashSearchKeys: false)', async () => {
    const codec = testCodec('LOCAL', { hashSearchKeys: false });
    const wire = await codec.encode({ ...ALICE, key1: 'Berlin' });
    expect(wire.key1).toBe('Berlin');

    expect((await codec.decode(wire)).key1).toBe('Berlin');
    const error = await failure(codec.decode({ ...wire, key1: 'Paris' }));
    expect(error.message).toBe(mismatch('key1'));
  });

  it('reads search keys hashed by a writer with hashSearchKeys: true, and plain ones the other way', async () => {
    const hashed = await testCodec('LOCAL').encode({ ...ALICE, key1: 'Berlin' });
    const plain = await testCodec('LOCAL', { hashSearchKeys: false }).encode({
      ...ALICE,
      key1: 'Berlin',
    });

    expect((await testCodec('LOCAL', { hashSearchKeys: false }).decode(hashed)).key1).toBe(
      'Berlin',
    );
    expect((await testCodec('LOCAL').decode(plain)).key1).toBe('Berlin');
  });

  it('with normalizeKeys, hashes the sealed keys lowercased, as the Node SDK wrote them', async () => {
    const cipher = testCipher();
    // Node 3.5.0 keeps the original case in meta and hashes the lowercased value.
    const meta = { record_key: 'Alice', profile_key: 'MiXeD', key1: 'Berlin' };
    const { ciphertext, version } = await cipher.encrypt(JSON.stringify({ meta, payload: 'b' }));
    const lower = (value: string) => hashKey(value, ENV, { normalize: true });
    const server = {
      record_key: lower('Alice'),
      profile_key: lower('MiXeD'),
      key1: lower('Berlin'),
      body: ciphertext,
      version,
    };

    const record = await testCodec('LOCAL', { normalizeKeys: true }).decode(server);
    expect(record).toMatchObject({ recordKey: 'Alice', profileKey: 'MiXeD', key1: 'Berlin' });
    // A storage without normalizeKeys hashes as written: the stored hashes are not its own.
    const error = await failure(testCodec('LOCAL').decode(server));
    expect(error.message).toBe(mismatch('record_key'));
  });

  it('refuses a precommit body moved into the body: it is no envelope', async () => {
    const codec = testCodec('LOCAL');
    const wire = await codec.encode({ recordKey: 'alice', precommitBody: 'pre-text' });
    const moved = { ...wire, body: wire.precommit_body as string };

    const error = await failure(codec.decode(moved));

    expect(error.message).toContain('carries no record key');
  });

  it('restores a legacy meta.key only when it hashes to the stored key', async () => {
    const cipher = testCipher();
    const { ciphertext, version } = await cipher.encrypt('{"meta":{"key":"old"},"payload":"p"}');
    const codec = testCodec('LOCAL');

    expect(
      (await codec.decode({ record_key: hash('old'), body: ciphertext, version })).recordKey,
    ).toBe('old');
    await failure(codec.decode({ record_key: hash('new'), body: ciphertext, version }));
  });
});

describe('RecordCodec.decode: pt: bodies', () => {
  const carol = {
    record_key: hash('carol'),
    body: plaintextBody({ record_key: 'carol' }, 'CAROL-FORGED'),
    version: 0,
  };

  it('LOCAL refuses a pt: body, however well its keys match', async () => {
    const error = await failure(testCodec('LOCAL').decode(carol));
    expect(error.message).toContain('acceptPlaintextBodies: true');
  });

  it('LOCAL refuses a pt: precommit body beside an encrypted body', async () => {
    const codec = testCodec('LOCAL');
    const wire = await codec.encode({ recordKey: 'carol', body: 'b' });
    await failure(codec.decode({ ...wire, precommit_body: 'pt:Q0FST0w=' }));
  });

  it('LOCAL reads it with acceptPlaintextBodies, on the codec or for one call, keys checked', async () => {
    const accepting = new Codec({
      environmentId: ENV,
      cipher: testCipher(),
      acceptPlaintextBodies: true,
    });
    expect(accepting.options.acceptPlaintextBodies).toBe(true);
    expect(testCodec('LOCAL').options.acceptPlaintextBodies).toBe(false);

    expect((await accepting.decode(carol)).body).toBe('CAROL-FORGED');
    const once = await testCodec('LOCAL').decode(carol, { acceptPlaintextBodies: true });
    expect(once).toMatchObject({ recordKey: 'carol', body: 'CAROL-FORGED' });
    await failure(accepting.decode({ ...carol, record_key: hash('dave') }));
  });

  it('OFF reads pt: bodies as its own, keys checked', async () => {
    const codec = testCodec('OFF');
    expect((await codec.decode(carol)).body).toBe('CAROL-FORGED');
    await failure(codec.decode({ ...carol, record_key: hash('dave') }));
  });

  it('refuses an acceptPlaintextBodies that is not a boolean', () => {
    expect(
      () =>
        new Codec({
          environmentId: ENV,
          cipher: testCipher(),
          acceptPlaintextBodies: 'yes' as never,
        }),
    ).toThrow('acceptPlaintextBodies must be a boolean');
  });
});

describe('RecordCodec.decode: the record asked for', () => {
  it.each(['LOCAL', 'OFF', 'SSE'] as const)(
    '%s: refuses an answer with another record_key than expected',
    async (mode) => {
      const codec = testCodec(mode);
      const wire = await codec.encode(ALICE);
      const expectedRecordKey = codec.hashKeyField('record_key', 'bob');

      const error = await failure(codec.decode(wire, { expectedRecordKey }));

      expect(error.message).toBe(mismatch('record_key'));
      const own = codec.hashKeyField('record_key', 'alice');
      expect((await codec.decode(wire, { expectedRecordKey: own })).recordKey).toBe('alice');
    },
  );
});

describe('RecordStorage: read, find, findOne and iterate', () => {
  function serve(codecRecords: ServerRecord[]) {
    const byKey = new Map(codecRecords.map((record) => [record.record_key, record]));
    const read = popHandler('GET', 'us', '/:key', ({ request }) => {
      const key = decodeURIComponent(new URL(request.url).pathname.split('/').at(-1) ?? '');
      return Response.json(byKey.get(key) ?? codecRecords[0]);
    });
    const meta = { count: codecRecords.length, limit: 100, offset: 0, total: codecRecords.length };
    const find = popHandler('POST', 'us', '/find', () =>
      Response.json({ meta, data: codecRecords }),
    );
    server.use(tokens().handler, read.handler, find.handler);
  }

  async function swapped(codec: RecordCodec) {
    const alice = await stored(codec, ALICE);
    const bob = await stored(codec, BOB);
    return { alice, bob: { ...bob, body: alice.body } };
  }

  it("read('us', 'bob') fails when bob's record holds alice's body", async () => {
    const { storage, codec } = createHarness();
    const { alice, bob } = await swapped(codec);
    serve([alice, bob]);

    expect((await storage.read('us', 'alice')).record.body).toBe('ALICE-PRIVATE-BODY');
    const error = await failure(storage.read('us', 'bob'));
    expect(error.message).toBe(mismatch('record_key'));
  });

  it('read fails when the server answers with another, intact record', async () => {
    const { storage, codec } = createHarness();
    serve([await stored(codec, ALICE)]);

    const error = await failure(storage.read('us', 'bob'));

    expect(error.message).toBe(mismatch('record_key'));
  });

  it('SSE read fails when the server answers with another record', async () => {
    const { storage } = createHarness({ encryption: 'SSE' });
    serve([echoed({ record_key: 'alice', body: 'ALICE-PRIVATE-BODY' })]);

    await failure(storage.read('us', 'bob'));
    expect((await storage.read('us', 'alice')).record.body).toBe('ALICE-PRIVATE-BODY');
  });

  it('find lists the altered record in errors, with its raw data, and keeps the others', async () => {
    const { storage, codec } = createHarness();
    const { alice, bob } = await swapped(codec);
    serve([alice, bob]);

    const result = await storage.find('us', {});

    expect(result.records.map((record) => record.recordKey)).toEqual(['alice']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.rawData).toEqual(bob);
    expect(result.errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);
    expect(result.errors?.[0]?.error.message).toBe(mismatch('record_key'));
  });

  it('findOne and iterate throw it', async () => {
    const { storage, codec } = createHarness();
    const { bob } = await swapped(codec);
    serve([bob]);

    await failure(storage.findOne('us', { recordKey: 'bob' }));
    const iterate = async () => {
      for await (const record of storage.iterate('us')) expect(record).toBeUndefined();
    };
    await failure(iterate());
  });

  it('a LOCAL storage refuses pt: records in read and find; one made to accept them reads them', async () => {
    const carol = echoed({
      record_key: hash('carol'),
      body: plaintextBody({ record_key: 'carol' }, 'CAROL-FORGED'),
      version: 0,
    });
    serve([carol]);
    const { storage } = createHarness();
    await failure(storage.read('us', 'carol'));
    expect((await storage.find('us')).errors?.[0]?.error).toBeInstanceOf(StorageCryptoError);

    const accepting = createHarness({ acceptPlaintextBodies: true }).storage;
    expect((await accepting.read('us', 'carol')).record.body).toBe('CAROL-FORGED');
  });
});
