import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ApiRecordSchema,
  AttachmentMetaSchema,
  AttachmentMetaUpdateRequestSchema,
  BatchDeleteRequestSchema,
  BatchWriteRequestSchema,
  BatchWriteResponseSchema,
  CountriesResponseSchema,
  describeIssues,
  ErrorBodySchema,
  FindRequestSchema,
  FindResponseSchema,
  ServerRecordSchema,
  TokenResponseSchema,
} from '../src/index.ts';
import { MARKER } from './support/wire-samples.ts';

const SCHEMAS = {
  ApiRecordSchema,
  AttachmentMetaSchema,
  AttachmentMetaUpdateRequestSchema,
  BatchDeleteRequestSchema,
  BatchWriteRequestSchema,
  BatchWriteResponseSchema,
  CountriesResponseSchema,
  ErrorBodySchema,
  FindRequestSchema,
  FindResponseSchema,
  ServerRecordSchema,
  TokenResponseSchema,
} as const;

// Wrong values of every kind, each carrying the marker, placed at every field name any schema
// has: a message that quoted its input would print the marker.
const WRONG_VALUES: readonly unknown[] = [
  MARKER,
  `${MARKER}${'x'.repeat(300)}`,
  { [MARKER]: MARKER },
  [MARKER],
  [{ [MARKER]: MARKER }],
  Number.NaN,
  1.5,
  -1,
  true,
];
const FIELDS = [
  'record_key',
  'body',
  'precommit_body',
  'key1',
  'service_key1',
  'range_key1',
  'expires_at',
  'version',
  'is_encrypted',
  'attachments',
  'records',
  'filter',
  'options',
  'meta',
  'data',
  'file_id',
  'filename',
  'mime_type',
  'size',
  'hash',
  'created_at',
  'download_link',
  'countries',
  'access_token',
  'expires_in',
  'token_type',
  'errors',
  'title',
];

describe.each(Object.entries(SCHEMAS))('%s messages', (_, schema) => {
  it('never quote a value, name paths, and use no valibot default message', () => {
    const inputs = [
      MARKER,
      [MARKER],
      ...WRONG_VALUES.flatMap((value) => FIELDS.map((field) => ({ [field]: value }))),
      ...WRONG_VALUES.map((value) => ({ options: { sort: [{ [MARKER]: value }], limit: value } })),
      ...WRONG_VALUES.map((value) => ({ records: [{ record_key: 'k', key2: value }] })),
      ...WRONG_VALUES.map((value) => ({ filter: { record_key: [value] } })),
    ];
    for (const input of inputs) {
      const result = v.safeParse(schema as v.GenericSchema, input);
      if (result.success) continue;
      for (const issue of result.issues) {
        expect(issue.message).not.toContain(MARKER);
        expect(issue.message).not.toMatch(/Invalid|Received|received/);
      }
      const description = describeIssues(result.issues);
      expect(description).not.toContain(`${MARKER}x`);
      expect(description.replaceAll(`sort.0.${MARKER}`, '')).not.toContain(MARKER);
    }
  });
});

describe('describeIssues', () => {
  it('names the root for issues without a path and lists at most three', () => {
    const root = v.safeParse(ApiRecordSchema, 7);
    expect(describeIssues(root.issues ?? [], { root: 'request' })).toBe(
      'request must be a record object',
    );
    const many = v.safeParse(
      ApiRecordSchema,
      { record_key: 1, key1: 1, key2: 1, key3: 1, key4: 1, key5: 1, key6: 1 },
      { abortEarly: false },
    );
    expect(describeIssues(many.issues ?? [])).toMatch(/; and 4 more$/);
  });
});
