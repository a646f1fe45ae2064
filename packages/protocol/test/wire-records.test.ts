import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ApiRecordSchema,
  BatchWriteRequestSchema,
  BatchWriteResponseSchema,
  describeIssues,
  INT64_RULE,
  ServerRecordSchema,
} from '../src/index.ts';
import { issuesOf } from './support/issues-of.ts';
import { ATTACHMENT, fullServerRecord, HASH, MARKER } from './support/wire-samples.ts';

describe('ApiRecordSchema (a write request record: precise)', () => {
  it.each([
    [
      'a Python write',
      {
        record_key: HASH,
        body: '2:x',
        version: 1,
        is_encrypted: true,
        expires_at: '2031-05-06T07:08:09.123456+00:00',
        range_key1: -7,
      },
    ],
    [
      'a Node write with explicit nulls',
      {
        record_key: HASH,
        body: '2:x',
        version: 0,
        is_encrypted: true,
        profile_key: null,
        key1: null,
        range_key2: null,
        expires_at: '2031-05-06T07:08:09.123Z',
        precommit_body: null,
      },
    ],
    ['an SSE write', { record_key: 'raw key', body: null }],
    ['a record key only', { record_key: 'k' }],
    // 256 characters as the SDKs count them (code points), 512 UTF-16 units.
    [
      'keys of 256 emoji',
      { record_key: 'k', key1: '😀'.repeat(256), service_key1: '😀'.repeat(256) },
    ],
  ])('accepts %s', (_, record) => {
    expect(v.parse(ApiRecordSchema, record)).toEqual(record);
  });

  it('drops unknown fields', () => {
    expect(v.parse(ApiRecordSchema, { record_key: 'k', created_at: 'x', extra: 1 })).toEqual({
      record_key: 'k',
    });
  });

  it.each([
    [{}, 'record_key is required'],
    [{ record_key: '' }, 'record_key must be a non-empty string'],
    [{ record_key: 5 }, 'record_key must be a non-empty string'],
    [{ record_key: 'k', key1: 5 }, 'key1 must be a string of at most 256 characters or null'],
    [{ record_key: 'k', key20: 'x'.repeat(257) }, 'key20 must be a string of at most 256'],
    [{ record_key: 'k', key2: '😀'.repeat(257) }, 'key2 must be a string of at most 256'],
    [{ record_key: 'k', service_key3: 'x'.repeat(257) }, 'service_key3 must be a string'],
    [{ record_key: 'k', range_key1: 1.5 }, `range_key1 ${INT64_RULE}, or null`],
    [{ record_key: 'k', range_key10: 2 ** 53 }, `range_key10 ${INT64_RULE}, or null`],
    [{ record_key: 'k', range_key4: '4' }, `range_key4 ${INT64_RULE}, or null`],
    [{ record_key: 'k', version: -1 }, 'version must be an integer ≥ 0'],
    [{ record_key: 'k', version: 0.5 }, 'version must be an integer ≥ 0'],
    [{ record_key: 'k', is_encrypted: 'true' }, 'is_encrypted must be a boolean or null'],
    [{ record_key: 'k', expires_at: '2031-05-06T07:08:09' }, 'expires_at must be an ISO-8601'],
    [{ record_key: 'k', expires_at: 1_700_000_000 }, 'expires_at must be an ISO-8601'],
    [{ record_key: 'k', body: 42 }, 'body must be a string or null'],
    [[], 'body must be a record object'],
    [null, 'body must be a record object'],
  ])('refuses %j', (record, message) => {
    expect(issuesOf(ApiRecordSchema, record)).toContain(message);
  });
});

describe('BatchWriteRequestSchema', () => {
  it('accepts 1 to 100 records', () => {
    const records = Array.from({ length: 100 }, (_, index) => ({ record_key: `k${index}` }));
    expect(v.parse(BatchWriteRequestSchema, { records }).records).toHaveLength(100);
    expect(v.parse(BatchWriteRequestSchema, { records: records.slice(0, 1) })).toEqual({
      records: [{ record_key: 'k0' }],
    });
  });

  it.each([
    [{ records: [] }, 'records must be an array of 1 to 100 records'],
    [
      { records: Array.from({ length: 101 }, () => ({ record_key: 'k' })) },
      'records must be an array of 1 to 100',
    ],
    [{}, 'records is required'],
    [
      { records: [{ record_key: 'k' }, { record_key: 'k', range_key1: 'x' }] },
      'records.1.range_key1',
    ],
  ])('refuses %#', (body, message) => {
    expect(issuesOf(BatchWriteRequestSchema, body)).toContain(message);
  });
});

describe('WireRecord (what our server sends)', () => {
  it('is a ServerRecord as the SDK reads it, in type and at run time', () => {
    const sent: v.InferInput<typeof ServerRecordSchema> = fullServerRecord();
    expect(v.safeParse(ServerRecordSchema, sent).success).toBe(true);
  });
});

describe('ServerRecordSchema (a record in a response: lenient)', () => {
  it('accepts the full read shape with every field and nulls', () => {
    const record = fullServerRecord();
    expect(v.parse(ServerRecordSchema, record)).toEqual(record);
    expect(v.parse(ServerRecordSchema, record)).toEqual(record);
  });

  it('accepts a record with only record_key, long keys and offset-less dates', () => {
    const record = {
      record_key: 'x'.repeat(300),
      key1: 'y'.repeat(300),
      created_at: '2021-07-26T15:34:28.910000',
      updated_at: '2021-07-26T15:34:28Z',
      attachments: null,
    };
    expect(v.parse(ServerRecordSchema, { record_key: 'k' })).toEqual({ record_key: 'k' });
    expect(v.parse(ServerRecordSchema, record)).toEqual(record);
  });

  it.each([
    [{ body: '2:x' }, 'record_key is required'],
    [{ record_key: 'k', version: '1' }, 'version must be an integer ≥ 0'],
    [{ record_key: 'k', range_key1: 1.5 }, `range_key1 ${INT64_RULE}, or null`],
    [{ record_key: 'k', created_at: 'yesterday' }, 'created_at must be an ISO-8601 date-time'],
    [{ record_key: 'k', attachments: {} }, 'attachments must be an array of attachment meta'],
    [
      { record_key: 'k', attachments: [{ ...ATTACHMENT, size: -1 }] },
      'attachments.0.size must be an integer ≥ 0',
    ],
  ])('refuses %j', (record, message) => {
    expect(issuesOf(ServerRecordSchema, record)).toContain(message);
  });
});

describe('range keys of both record schemas (signed 64-bit)', () => {
  const INT64_MIN = -(2n ** 63n);
  const INT64_MAX = 2n ** 63n - 1n;

  it('take both ends of int64 as bigints and safe integers as numbers', () => {
    for (const schema of [ApiRecordSchema, ServerRecordSchema]) {
      const record = { record_key: 'k', range_key1: INT64_MAX, range_key2: INT64_MIN };
      expect(v.parse(schema, { ...record, range_key3: 2n ** 53n + 1n, range_key4: -1 })).toEqual({
        ...record,
        range_key3: 2n ** 53n + 1n,
        range_key4: -1,
      });
    }
  });

  it('refuse a bigint one past either end, naming the field', () => {
    for (const schema of [ApiRecordSchema, ServerRecordSchema]) {
      expect(issuesOf(schema, { record_key: 'k', range_key1: INT64_MAX + 1n })).toContain(
        `range_key1 ${INT64_RULE}, or null`,
      );
      expect(issuesOf(schema, { record_key: 'k', range_key9: INT64_MIN - 1n })).toContain(
        `range_key9 ${INT64_RULE}, or null`,
      );
    }
  });
});

describe('BatchWriteResponseSchema', () => {
  it('accepts the stored records and refuses a bare array', () => {
    const body = { records: [fullServerRecord(), { record_key: 'k2' }] };
    expect(v.parse(BatchWriteResponseSchema, body)).toEqual(body);
    expect(issuesOf(BatchWriteResponseSchema, [])).toContain('must be an object with records');
  });
});

describe('record schemas never quote a value', () => {
  it.each([
    { record_key: 7, body: 7 },
    { record_key: MARKER, body: { text: MARKER }, precommit_body: [MARKER] },
    { record_key: MARKER, key1: MARKER.repeat(30), range_key1: MARKER, expires_at: MARKER },
    { record_key: MARKER, version: MARKER, is_encrypted: MARKER, attachments: [MARKER] },
  ])('%#', (record) => {
    for (const schema of [ApiRecordSchema, ServerRecordSchema]) {
      const result = v.safeParse(schema, record);
      expect(result.success).toBe(false);
      for (const issue of result.issues ?? []) expect(issue.message).not.toContain(MARKER);
      expect(describeIssues(result.issues ?? [])).not.toContain(MARKER);
    }
  });
});
