import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordFromWire } from '../src/records/record-from-wire.ts';
import { SseCodec } from '../src/sse/sse-codec.ts';
import { isValidSseRecordKey, sseRecordProblems } from '../src/sse/sse-limits.ts';
import type { StoredRecord } from '../src/store/index.ts';

const master = new Uint8Array(randomBytes(32));
const dates = { created_at: new Date(0), updated_at: new Date(0), attachments: [] };

function stored(codec: SseCodec, record: Parameters<typeof recordFromWire>[0]): StoredRecord {
  return { ...codec.encode(recordFromWire(record)), ...dates };
}

describe('SseCodec', () => {
  it('stores hashed keys and a sealed body, and reads the plaintext back', () => {
    const codec = new SseCodec(master, 'env-a', false);
    const record = {
      record_key: 'user 1/ä',
      body: 'hello',
      precommit_body: 'pre',
      profile_key: 'p',
      key1: 'Berlin',
      range_key1: 3,
    };
    const kept = stored(codec, record);
    expect(kept.record_key).toMatch(/^sse:[0-9a-f]{64}$/);
    expect(kept.profile_key).toBe(codec.hash('p'));
    expect(kept.key1).toBe(codec.hash('Berlin'));
    expect(kept.range_key1).toBe(3);
    expect(kept.body).toMatch(/^sse1:/);
    expect(JSON.stringify(kept)).not.toMatch(/hello|Berlin|user 1|"p"/);
    expect(kept.precommit_body).toBeNull();
    expect(codec.decode(kept)).toMatchObject({ ...record, key2: null, parent_key: null });
  });

  it('keeps key1..20 plain when the environment allows plain search keys', () => {
    const codec = new SseCodec(master, 'env-b', true);
    const kept = stored(codec, { record_key: 'k', key1: 'Berlin', service_key1: 's' });
    expect(kept.key1).toBe('Berlin');
    expect(kept.service_key1).toBe(codec.hash('s'));
    expect(codec.isHashed('key1')).toBe(false);
    expect(codec.isHashed('record_key')).toBe(true);
    expect(codec.decode(kept).service_key1).toBe('s');
  });

  it('hashes per environment', () => {
    expect(new SseCodec(master, 'env-a', false).hash('k')).not.toBe(
      new SseCodec(master, 'env-b', false).hash('k'),
    );
  });

  it('leaves records it cannot open as they are: other environments, swapped bodies, non-SSE', () => {
    const codec = new SseCodec(master, 'env-a', false);
    const first = stored(codec, { record_key: 'one', body: 'first' });
    const second = stored(codec, { record_key: 'two', body: 'second' });
    const swapped = { ...second, body: first.body };
    expect(codec.decode(swapped)).toEqual(swapped);
    expect(new SseCodec(master, 'env-b', false).decode(first)).toEqual(first);
    const plain = { ...first, body: '2:ciphertext' };
    expect(codec.decode(plain)).toEqual(plain);
    const tampered = { ...first, body: `${first.body?.slice(0, -4)}AAA=` };
    expect(codec.decode(tampered)).toEqual(tampered);
  });

  it('round-trips any body and key (property)', () => {
    const codec = new SseCodec(master, 'env-a', false);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.option(fc.string()),
        fc.option(fc.string()),
        (recordKey, body, key5) => {
          const kept = stored(codec, { record_key: recordKey, body, key5 });
          const read = codec.decode(kept);
          expect([read.record_key, read.body, read.key5]).toEqual([recordKey, body, key5]);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('SSE limits', () => {
  it('checks record keys for paths', () => {
    expect(isValidSseRecordKey('user-1 ä')).toBe(true);
    expect(isValidSseRecordKey('x'.repeat(128))).toBe(true);
    expect(isValidSseRecordKey('x'.repeat(129))).toBe(false);
    for (const bad of ['a/b', 'a#b', 'a?b', 'a\nb']) expect(isValidSseRecordKey(bad)).toBe(false);
  });

  it('names the fields past their limits', () => {
    const problems = sseRecordProblems(
      { record_key: 'a/b', profile_key: 'x'.repeat(129), parent_key: 'ok' },
      'records[2]',
    );
    expect(problems.map(({ source }) => source)).toEqual([
      'records[2].record_key',
      'records[2].profile_key',
    ]);
  });
});
