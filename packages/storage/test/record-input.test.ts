import { InputValidationError } from '@residency/errors';
import { MAX_BATCH_RECORDS } from '@residency/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputContext } from '../src/input-context.ts';
import {
  parseBatchRecordInputs,
  parseRecordInput,
  recordInputSchema,
} from '../src/record-input.ts';

const LOCAL: InputContext = { encryption: 'LOCAL', hashSearchKeys: true };
const PLAIN: InputContext = { encryption: 'LOCAL', hashSearchKeys: false };
const OFF: InputContext = { encryption: 'OFF', hashSearchKeys: true };
const SSE: InputContext = { encryption: 'SSE', hashSearchKeys: true };

function rejectionOf(action: () => unknown): InputValidationError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    return error as InputValidationError;
  }
  throw new Error('expected an InputValidationError');
}

describe('parseRecordInput: accepted records', () => {
  const expiresAt = new Date('2030-01-02T03:04:05.678Z');

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['only a record key', { recordKey: 'k' }, { recordKey: 'k' }],
    [
      'every string field',
      {
        recordKey: 'k',
        body: 'b',
        precommitBody: 'p',
        profileKey: 'pk',
        parentKey: 'pa',
        serviceKey1: 's1',
        serviceKey5: 's5',
        key1: 'k1',
        key20: 'k20',
      },
      {
        recordKey: 'k',
        body: 'b',
        precommitBody: 'p',
        profileKey: 'pk',
        parentKey: 'pa',
        serviceKey1: 's1',
        serviceKey5: 's5',
        key1: 'k1',
        key20: 'k20',
      },
    ],
    [
      'nulls',
      {
        recordKey: 'k',
        body: null,
        precommitBody: null,
        key3: null,
        rangeKey4: null,
        expiresAt: null,
      },
      {
        recordKey: 'k',
        body: null,
        precommitBody: null,
        key3: null,
        rangeKey4: null,
        expiresAt: null,
      },
    ],
    [
      'range keys',
      { recordKey: 'k', rangeKey1: 0, rangeKey10: -(2 ** 53 - 1) },
      { recordKey: 'k', rangeKey1: 0, rangeKey10: -(2 ** 53 - 1) },
    ],
    ['expiresAt as a Date', { recordKey: 'k', expiresAt }, { recordKey: 'k', expiresAt }],
    [
      'expiresAt as an ISO string',
      { recordKey: 'k', expiresAt: '2030-01-02T05:04:05.678+02:00' },
      { recordKey: 'k', expiresAt },
    ],
    [
      'expiresAt with microseconds',
      { recordKey: 'k', expiresAt: '2030-01-02T03:04:05.678123+00:00' },
      { recordKey: 'k', expiresAt },
    ],
    [
      'empty strings in optional fields',
      { recordKey: 'k', key1: '', body: '' },
      { recordKey: 'k', key1: '', body: '' },
    ],
    [
      'undefined fields, dropped',
      { recordKey: 'k', body: undefined, key1: undefined },
      { recordKey: 'k' },
    ],
    [
      'read-only fields of a stored record, dropped',
      {
        recordKey: 'k',
        createdAt: new Date(),
        updatedAt: 'x',
        version: 3,
        isEncrypted: true,
        attachments: [{ fileId: 'f' }],
      },
      { recordKey: 'k' },
    ],
  ])('%s', (_name, record, expected) => {
    expect(parseRecordInput(record, LOCAL)).toEqual(expected);
  });

  it('keeps long values when keys are hashed', () => {
    const long = 'x'.repeat(5000);
    const record = { recordKey: long, profileKey: long, serviceKey1: long, key1: long };
    expect(parseRecordInput(record, LOCAL)).toEqual(record);
    expect(parseRecordInput(record, OFF)).toEqual(record);
  });

  it('allows 256 code points in plain search keys and SSE keys', () => {
    const key = '😀'.repeat(256);
    expect(parseRecordInput({ recordKey: 'k', key1: key }, PLAIN)).toEqual({
      recordKey: 'k',
      key1: key,
    });
    const sse = {
      recordKey: 'r'.repeat(128),
      profileKey: 'p'.repeat(128),
      parentKey: 'q'.repeat(128),
      serviceKey3: 's'.repeat(256),
      key9: 'k'.repeat(256),
      body: 'b'.repeat(10_000),
    };
    expect(parseRecordInput(sse, SSE)).toEqual(sse);
  });

  it('returns a new object without the ignored fields, and reuses schemas per context', () => {
    const record = { recordKey: 'k', version: 1 };
    const parsed = parseRecordInput(record, LOCAL);
    expect(parsed).not.toBe(record);
    expect(record).toEqual({ recordKey: 'k', version: 1 });
    expect(recordInputSchema(LOCAL)).toBe(recordInputSchema({ ...LOCAL }));
    expect(recordInputSchema(LOCAL)).not.toBe(recordInputSchema(PLAIN));
  });
});

describe('parseRecordInput: rejections', () => {
  const long257 = 'x'.repeat(257);
  it.each<[string, unknown, string, InputContext?]>([
    ['not an object', 'k', 'record'],
    ['null', null, 'record'],
    ['a list', [{ recordKey: 'k' }], 'record'],
    ['no record key', { body: 'b' }, 'record.recordKey'],
    ['an empty record key', { recordKey: '' }, 'record.recordKey'],
    ['a null record key', { recordKey: null }, 'record.recordKey'],
    ['a numeric record key', { recordKey: 1 }, 'record.recordKey'],
    ['a numeric body', { recordKey: 'k', body: 1 }, 'record.body'],
    ['an object precommit body', { recordKey: 'k', precommitBody: {} }, 'record.precommitBody'],
    ['a numeric key', { recordKey: 'k', key7: 7 }, 'record.key7'],
    ['a numeric service key', { recordKey: 'k', serviceKey2: 2 }, 'record.serviceKey2'],
    ['a string range key', { recordKey: 'k', rangeKey1: '1' }, 'record.rangeKey1'],
    ['a fractional range key', { recordKey: 'k', rangeKey2: 1.5 }, 'record.rangeKey2'],
    ['an unsafe range key', { recordKey: 'k', rangeKey3: 2 ** 53 }, 'record.rangeKey3'],
    [
      'an infinite range key',
      { recordKey: 'k', rangeKey3: Number.POSITIVE_INFINITY },
      'record.rangeKey3',
    ],
    ['a bad date string', { recordKey: 'k', expiresAt: 'next week' }, 'record.expiresAt'],
    [
      'an impossible date',
      { recordKey: 'k', expiresAt: '2030-02-30T00:00:00Z' },
      'record.expiresAt',
    ],
    ['an invalid Date', { recordKey: 'k', expiresAt: new Date(Number.NaN) }, 'record.expiresAt'],
    ['a timestamp', { recordKey: 'k', expiresAt: 1_900_000_000 }, 'record.expiresAt'],
    ['an unknown field', { recordKey: 'k', key21: 'a' }, 'record.key21'],
    ['a typo of recordKey', { recordkey: 'k' }, 'record.recordKey'],
    ['a snake_case field', { recordKey: 'k', range_key1: 1 }, 'record.range_key1'],
    ['a plain search key over 256', { recordKey: 'k', key1: long257 }, 'record.key1', PLAIN],
    ['an SSE record key over 128', { recordKey: 'r'.repeat(129) }, 'record.recordKey', SSE],
    ['an SSE record key with /', { recordKey: 'a/b' }, 'record.recordKey', SSE],
    ['an SSE record key with #', { recordKey: 'a#b' }, 'record.recordKey', SSE],
    ['an SSE record key with ?', { recordKey: 'a?b' }, 'record.recordKey', SSE],
    ['an SSE record key with a newline', { recordKey: 'a\nb' }, 'record.recordKey', SSE],
    [
      'an SSE profile key over 128',
      { recordKey: 'k', profileKey: 'p'.repeat(129) },
      'record.profileKey',
      SSE,
    ],
    [
      'an SSE parent key over 128',
      { recordKey: 'k', parentKey: 'p'.repeat(129) },
      'record.parentKey',
      SSE,
    ],
    [
      'an SSE service key over 256',
      { recordKey: 'k', serviceKey4: long257 },
      'record.serviceKey4',
      SSE,
    ],
    ['an SSE search key over 256', { recordKey: 'k', key20: long257 }, 'record.key20', SSE],
  ])('%s', (_name, record, path, context = LOCAL) => {
    const error = rejectionOf(() => parseRecordInput(record, context));
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path} `)).toBe(true);
  });

  it('says why a property is unknown, with the camelCase name when it is a wire name', () => {
    expect(rejectionOf(() => parseRecordInput({ recordKey: 'k', key21: 1 }, LOCAL)).message).toBe(
      'record.key21 is not a record field',
    );
    expect(
      rejectionOf(() => parseRecordInput({ recordKey: 'k', precommit_body: 'x' }, LOCAL)).message,
    ).toBe('record.precommit_body is not a record field (use precommitBody)');
  });

  it('lists up to three problems and counts the rest', () => {
    const error = rejectionOf(() =>
      parseRecordInput({ key1: 1, key2: 2, key3: 3, key4: 4 }, LOCAL),
    );
    expect(error.path).toBe('record.recordKey');
    expect(error.message).toBe(
      'record.recordKey is required; record.key1 must be a string or null; ' +
        'record.key2 must be a string or null; and 2 more',
    );
  });

  it('keeps the SSE limits out of the other modes', () => {
    expect(parseRecordInput({ recordKey: 'a/b#c?\n' }, LOCAL)).toEqual({ recordKey: 'a/b#c?\n' });
    expect(parseRecordInput({ recordKey: 'k', key1: 'x'.repeat(257) }, OFF).key1).toHaveLength(257);
  });

  it('names the argument as told', () => {
    expect(rejectionOf(() => parseRecordInput({}, LOCAL, 'data')).path).toBe('data.recordKey');
  });
});

describe('parseBatchRecordInputs', () => {
  it('accepts 1 to 100 records', () => {
    expect(parseBatchRecordInputs([{ recordKey: 'a', expiresAt: null }], LOCAL)).toEqual([
      { recordKey: 'a', expiresAt: null },
    ]);
    const records = Array.from({ length: MAX_BATCH_RECORDS }, (_, index) => ({
      recordKey: `k${index}`,
    }));
    expect(parseBatchRecordInputs(records, LOCAL)).toHaveLength(100);
  });

  it.each<[string, unknown, string]>([
    ['not a list', { recordKey: 'a' }, 'records'],
    ['an empty list', [], 'records'],
    ['101 records', Array.from({ length: 101 }, () => ({ recordKey: 'k' })), 'records'],
    [
      'a bad record',
      [{ recordKey: 'a' }, { recordKey: 'b', rangeKey1: 'x' }],
      'records.1.rangeKey1',
    ],
    ['a non-object record', [{ recordKey: 'a' }, 'b'], 'records.1'],
  ])('rejects %s', (_name, records, path) => {
    expect(rejectionOf(() => parseBatchRecordInputs(records, LOCAL)).path).toBe(path);
  });

  it('applies the context to every record', () => {
    expect(
      rejectionOf(() => parseBatchRecordInputs([{ recordKey: 'ok' }, { recordKey: 'a/b' }], SSE))
        .path,
    ).toBe('records.1.recordKey');
  });
});

describe('record messages never quote a value', () => {
  const marker = fc.string({ minLength: 12, maxLength: 40 }).map((text) => `M@rk3r-${text}`);
  const badRecord = fc.oneof(
    marker.map((value) => ({ record: { recordKey: 'k', rangeKey1: value }, value })),
    marker.map((value) => ({ record: { recordKey: 'k', expiresAt: value }, value })),
    marker.map((value) => ({ record: { recordKey: `${value}/`, body: value }, value })),
    marker.map((value) => ({ record: { recordKey: value.repeat(10) }, value })),
    marker.map((value) => ({ record: { recordKey: 'k', key1: value.repeat(20) }, value })),
    marker.map((value) => ({ record: { recordKey: 'k', profileKey: value.repeat(10) }, value })),
    marker.map((value) => ({ record: { recordKey: 'k', body: [value] }, value })),
    marker.map((value) => ({ record: { recordKey: 7, body: value, key1: 1 }, value })),
  );

  it('for any offending string', () => {
    fc.assert(
      fc.property(badRecord, ({ record, value }) => {
        const error = rejectionOf(() => parseRecordInput(record, SSE));
        expect(error.message).not.toContain(value);
        const batch = rejectionOf(() => parseBatchRecordInputs([record], SSE));
        expect(batch.message).not.toContain(value);
      }),
      { numRuns: 200 },
    );
  });
});
