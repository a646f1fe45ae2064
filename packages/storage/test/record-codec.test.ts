import { Cipher, hashKey } from '@residency/crypto';
import {
  InputValidationError,
  SecretsValidationError,
  StorageConfigValidationError,
  StorageCryptoError,
  StorageServerResponseValidationError,
} from '@residency/errors';
import type { ServerRecord } from '@residency/protocol';
import { SecretKeyAccessor } from '@residency/secrets';
import { describe, expect, it } from 'vitest';
import { type RecordCipher, RecordCodec } from '../src/index.ts';
import { ENV, testCipher, testCodec } from './support/codecs.ts';

const hash = (value: string) => hashKey(value, ENV);

async function sealed(
  text: string,
  cipher: RecordCipher = testCipher(),
  recordKey = 'k1',
): Promise<ServerRecord> {
  const { ciphertext, version } = await cipher.encrypt(text);
  return { record_key: hash(recordKey), body: ciphertext, version };
}

describe('RecordCodec options', () => {
  it('applies the defaults: LOCAL, no normalization, hashed search keys', () => {
    const codec = new RecordCodec({ environmentId: ENV, cipher: testCipher() });
    expect(codec.options).toMatchObject({
      encryption: 'LOCAL',
      normalizeKeys: false,
      hashSearchKeys: true,
    });
  });

  it('reads booleans as encryption types and makes a pt: cipher for OFF', () => {
    expect(new RecordCodec({ environmentId: ENV, encryption: false }).options).toMatchObject({
      encryption: 'OFF',
    });
    expect(
      new RecordCodec({ environmentId: ENV, encryption: 'OFF' }).options.cipher,
    ).toBeInstanceOf(Cipher);
    const local = new RecordCodec({ environmentId: ENV, encryption: true, cipher: testCipher() });
    expect(local.options.encryption).toBe('LOCAL');
    expect(
      new RecordCodec({ environmentId: ENV, encryption: 'SSE' }).options.cipher,
    ).toBeUndefined();
  });

  it.each([
    [{ environmentId: '' }, /environmentId/],
    [{ environmentId: ENV }, /cipher is required/],
    [{ environmentId: ENV, encryption: 'AES' }, /encrypt must be/],
    [{ environmentId: ENV, encryption: 'OFF', normalizeKeys: 'yes' }, /normalizeKeys/],
    [{ environmentId: ENV, encryption: 'OFF', hashSearchKeys: 1 }, /hashSearchKeys/],
  ])('refuses %j', (options, message) => {
    const create = () => new RecordCodec(options as never);
    expect(create).toThrow(StorageConfigValidationError);
    expect(create).toThrow(message);
  });
});

describe('RecordCodec.encode in LOCAL mode', () => {
  it('drops nulls and undefined, and sends body, version and is_encrypted', async () => {
    const wire = await testCodec('LOCAL').encode({
      recordKey: 'k1',
      body: null,
      profileKey: null,
      key3: undefined,
      rangeKey1: null,
      expiresAt: null,
    });
    expect(Object.keys(wire).sort()).toEqual(['body', 'is_encrypted', 'record_key', 'version']);
    expect(wire).toMatchObject({ record_key: hash('k1'), version: 2, is_encrypted: true });
    expect(wire.body).toMatch(/^2:/);
  });

  it('keeps range keys plain and sends expires_at as Node does, from a Date or a string', async () => {
    const codec = testCodec('LOCAL');
    const fromDate = await codec.encode({
      recordKey: 'k1',
      rangeKey1: 0,
      rangeKey10: -Number.MAX_SAFE_INTEGER,
      expiresAt: new Date(Date.UTC(2031, 4, 6, 7, 8, 9, 123)),
    });
    expect(fromDate).toMatchObject({
      range_key1: 0,
      range_key10: -Number.MAX_SAFE_INTEGER,
      expires_at: '2031-05-06T07:08:09.123Z',
    });
    const fromPython = await codec.encode({
      recordKey: 'k1',
      expiresAt: '2031-05-06T09:08:09.123456+02:00',
    });
    expect(fromPython.expires_at).toBe('2031-05-06T07:08:09.123Z');
  });

  it('encrypts the precommit body on its own, with the version of the body', async () => {
    const cipher = testCipher();
    const wire = await testCodec('LOCAL', { cipher }).encode({
      recordKey: 'k1',
      precommitBody: '{"step": 1}',
    });
    expect(wire.precommit_body).toMatch(/^2:/);
    expect(await cipher.decrypt(wire.precommit_body as string, wire.version)).toBe('{"step": 1}');
  });

  it('re-encrypts when the secret rotates between body and precommit body', async () => {
    let calls = 0;
    const inner = testCipher();
    const rotating: RecordCipher = {
      async encrypt(text) {
        const call = ++calls;
        const result = await inner.encrypt(text);
        return call === 2 ? { ...result, version: 1 } : result;
      },
      decrypt: (text, version) => inner.decrypt(text, version),
    };
    const codec = testCodec('LOCAL', { cipher: rotating as Cipher });
    const wire = await codec.encode({ recordKey: 'k1', precommitBody: 'p' });
    expect(calls).toBe(4);
    expect(wire.version).toBe(2);
  });

  it('gives up with StorageCryptoError when the version keeps changing', async () => {
    let version = 0;
    const inner = testCipher();
    const unstable: RecordCipher = {
      encrypt: async (text) => ({ ...(await inner.encrypt(text)), version: version++ }),
      decrypt: (text, version) => inner.decrypt(text, version),
    };
    const codec = testCodec('LOCAL', { cipher: unstable as Cipher });
    await expect(codec.encode({ recordKey: 'k1', precommitBody: 'p' })).rejects.toThrow(
      StorageCryptoError,
    );
  });

  it.each([
    [{ recordKey: 'k1', key1: 5 }, 'record.key1'],
    [{ recordKey: 'k1', rangeKey2: 1.5 }, 'record.rangeKey2'],
    [{ recordKey: 'k1', body: { a: 1 } }, 'record.body'],
    [{ recordKey: 'k1', precommitBody: 7 }, 'record.precommitBody'],
    [{ recordKey: 'k1', expiresAt: 'not a date' }, 'record.expiresAt'],
    [{ recordKey: 'k1', expiresAt: new Date(Number.NaN) }, 'record.expiresAt'],
  ])('refuses %j with InputValidationError naming the field', async (record, path) => {
    const error = await testCodec('LOCAL')
      .encode(record as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ path });
  });
});

describe('RecordCodec.encode in OFF and SSE modes', () => {
  it('OFF: hashes keys and sends a pt: envelope with version 0 and is_encrypted false', async () => {
    const wire = await testCodec('OFF', { normalizeKeys: true }).encode({
      recordKey: 'K1',
      key1: 'Search',
      body: 'hello',
    });
    expect(wire).toMatchObject({
      record_key: hash('k1'),
      key1: hash('search'),
      version: 0,
      is_encrypted: false,
    });
    const text = new TextDecoder().decode(
      Uint8Array.from(atob((wire.body as string).slice(3)), (char) => char.charCodeAt(0)),
    );
    expect(JSON.parse(text)).toEqual({
      meta: { record_key: 'k1', key1: 'search' },
      payload: 'hello',
    });
  });

  it('SSE: sends the record as it is, snake_cased, nulls dropped, no version', async () => {
    const codec = testCodec('SSE', { normalizeKeys: true });
    const wire = await codec.encode({
      recordKey: 'Key/1',
      body: 'Plain Body',
      precommitBody: 'pre',
      serviceKey2: 'Svc',
      key20: 'K20',
      profileKey: null,
      rangeKey3: 3,
      expiresAt: new Date(0),
    });
    expect(wire).toEqual({
      record_key: 'Key/1',
      body: 'Plain Body',
      precommit_body: 'pre',
      service_key2: 'Svc',
      key20: 'K20',
      range_key3: 3,
      expires_at: '1970-01-01T00:00:00.000Z',
    });
  });
});

describe('RecordCodec.hashKeyField', () => {
  it.each([
    // [encryption, normalizeKeys, hashSearchKeys, field, expected]
    ['LOCAL', false, true, 'record_key', hash('AbC')],
    ['LOCAL', true, true, 'record_key', hash('abc')],
    ['LOCAL', false, true, 'service_key5', hash('AbC')],
    ['LOCAL', false, true, 'key7', hash('AbC')],
    ['LOCAL', true, true, 'key7', hash('abc')],
    ['LOCAL', false, false, 'key7', 'AbC'],
    ['LOCAL', true, false, 'key7', 'abc'],
    ['LOCAL', true, false, 'parent_key', hash('abc')],
    ['OFF', true, true, 'profile_key', hash('abc')],
    ['LOCAL', true, true, 'search_keys', 'AbC'],
    ['LOCAL', true, true, 'range_key1', 'AbC'],
    ['SSE', false, true, 'record_key', 'AbC'],
    ['SSE', true, true, 'key1', 'AbC'],
  ] as const)(
    '%s normalizeKeys=%s hashSearchKeys=%s %s',
    (mode, normalize, hashSearch, field, expected) => {
      const codec = testCodec(mode, { normalizeKeys: normalize, hashSearchKeys: hashSearch });
      expect(codec.hashKeyField(field, 'AbC')).toBe(expected);
    },
  );

  it('matches what encode stores', async () => {
    const codec = testCodec('LOCAL', { normalizeKeys: true, hashSearchKeys: false });
    const wire = await codec.encode({ recordKey: 'R', key2: 'Two', parentKey: 'P' });
    expect(wire.record_key).toBe(codec.hashKeyField('record_key', 'R'));
    expect(wire.key2).toBe(codec.hashKeyField('key2', 'Two'));
    expect(wire.parent_key).toBe(codec.hashKeyField('parent_key', 'P'));
  });

  it('refuses a value that is not a string', () => {
    expect(() => testCodec('SSE').hashKeyField('key1', 1 as never)).toThrow(InputValidationError);
  });
});

describe('RecordCodec.decode', () => {
  it('maps every field, parses both date forms and the attachments', async () => {
    const record = await testCodec('SSE').decode({
      record_key: 'k1',
      body: 'b',
      range_key2: 7,
      key4: 'four',
      version: 0,
      created_at: '2021-07-26T15:34:28.910000+00:00',
      updated_at: '2021-07-26T15:34:29.5Z',
      expires_at: null,
      attachments: [
        {
          file_id: 'f1',
          filename: 'a.txt',
          hash: 'h'.repeat(64),
          mime_type: 'text/plain',
          size: 3,
          created_at: '2021-07-26T15:34:28+00:00',
          updated_at: '2021-07-26T15:34:28.123456+00:00',
          download_link: 'https://example.test/f1',
        },
      ],
    });
    expect(record).toMatchObject({
      recordKey: 'k1',
      body: 'b',
      rangeKey2: 7,
      rangeKey1: null,
      key4: 'four',
      key5: null,
      createdAt: new Date('2021-07-26T15:34:28.910Z'),
      updatedAt: new Date('2021-07-26T15:34:29.500Z'),
      expiresAt: null,
      version: 0,
    });
    expect(record.attachments).toEqual([
      {
        fileId: 'f1',
        filename: 'a.txt',
        hash: 'h'.repeat(64),
        mimeType: 'text/plain',
        size: 3,
        createdAt: new Date('2021-07-26T15:34:28.000Z'),
        updatedAt: new Date('2021-07-26T15:34:28.123Z'),
        downloadLink: 'https://example.test/f1',
      },
    ]);
  });

  it('restores recordKey from a legacy meta.key', async () => {
    const server = await sealed(
      JSON.stringify({ meta: { key: 'Legacy' }, payload: 'p' }),
      testCipher(),
      'Legacy',
    );
    const record = await testCodec('LOCAL').decode(server);
    expect(record).toMatchObject({ recordKey: 'Legacy', body: 'p' });
  });

  it('prefers meta.record_key over meta.key and ignores meta fields that are not keys', async () => {
    const meta = { key: 'old', record_key: 'new', body: 'x', range_key1: 'y', key2: null };
    const server = { ...(await sealed(JSON.stringify({ meta }), testCipher(), 'new')) };
    const record = await testCodec('LOCAL').decode({ ...server, key3: hash('k3') });
    expect(record).toMatchObject({
      recordKey: 'new',
      body: null,
      rangeKey1: null,
      key2: null,
      // Not in the envelope: shown as stored, unchecked (the Node SDK leaves plain keys out).
      key3: hash('k3'),
    });
  });

  it('refuses a decrypted body that is not an envelope: it cannot vouch for its key', async () => {
    const codec = testCodec('LOCAL');
    for (const text of ['plain text', '42', '["a"]', '{"payload": "no meta"}', '']) {
      const error = await codec.decode(await sealed(text)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageCryptoError);
      expect((error as Error).message).toContain('carries no record key');
    }
  });

  it.each([
    ['{"meta": "x"}', 'meta must be an object'],
    ['{"meta": {"record_key": 5}}', 'meta.record_key must be a string or null'],
    ['{"meta": {}, "payload": {"a": 1}}', 'payload must be a string or null'],
  ])('refuses the invalid envelope %s', async (text, message) => {
    const error = await testCodec('LOCAL')
      .decode(await sealed(text))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageServerResponseValidationError);
    expect((error as Error).message).toContain('Invalid record body');
    expect((error as Error).message).toContain(message);
  });

  it('decrypts with the current secret when the version is null', async () => {
    const server = await sealed(JSON.stringify({ meta: { record_key: 'k1' }, payload: 'b' }));
    const record = await testCodec('LOCAL').decode({ ...server, version: null });
    expect(record).toMatchObject({ recordKey: 'k1', body: 'b', version: null });
  });

  it('decrypts with the secret of the record version', async () => {
    const meta = { record_key: 'k1' };
    const old = await sealed(JSON.stringify({ meta, payload: 'old' }), testCipher(1));
    expect(old.version).toBe(1);
    expect((await testCodec('LOCAL').decode(old)).body).toBe('old');
  });

  it.each(['LOCAL', 'OFF'] as const)('%s: refuses an empty or absent body', async (mode) => {
    const codec = testCodec(mode);
    for (const server of [
      { record_key: 'h', body: null },
      { record_key: 'h' },
      { record_key: 'h', body: '' },
    ]) {
      await expect(codec.decode(server)).rejects.toThrow(
        new StorageCryptoError(
          "The record's body carries no record key (it is missing, or not the SDKs' envelope), so it cannot be checked against the stored key",
        ),
      );
    }
  });

  it('fails with StorageCryptoError for a wrong secret, keeping the body out of the message', async () => {
    const server = await sealed(JSON.stringify({ meta: {}, payload: 'SECRET-MARKER' }));
    const wrong = new Cipher({
      secrets: new SecretKeyAccessor({
        currentVersion: 2,
        secrets: [{ secret: 'another-password', version: 2 }],
      }),
    });
    const error = await testCodec('LOCAL', { cipher: wrong })
      .decode(server)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageCryptoError);
    expect(String(error)).not.toContain('SECRET-MARKER');
  });

  it('fails with StorageCryptoError for a tampered precommit body', async () => {
    const cipher = testCipher();
    const codec = testCodec('LOCAL', { cipher });
    const wire = await codec.encode({ recordKey: 'k1', precommitBody: 'pre' });
    const tampered = `${(wire.precommit_body as string).slice(0, -4)}AAA=`;
    await expect(codec.decode({ ...wire, precommit_body: tampered })).rejects.toThrow(
      StorageCryptoError,
    );
  });

  it('passes an unknown secret version through as SecretsValidationError', async () => {
    const server = await sealed('{"meta": {}}');
    await expect(testCodec('LOCAL').decode({ ...server, version: 9 })).rejects.toThrow(
      SecretsValidationError,
    );
  });

  it('OFF: reads pt: bodies and refuses an encrypted one with StorageCryptoError', async () => {
    const codec = testCodec('OFF');
    const wire = await codec.encode({ recordKey: 'K', body: 'b' });
    expect(await codec.decode(wire)).toMatchObject({ recordKey: 'K', body: 'b', version: 0 });
    await expect(codec.decode(await sealed('{"meta": {}}'))).rejects.toThrow(StorageCryptoError);
  });
});
