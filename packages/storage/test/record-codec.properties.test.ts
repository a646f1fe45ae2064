import { ApiRecordSchema, ServerRecordSchema } from '@residency/protocol';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { EncryptionType, RecordData } from '../src/index.ts';
import { testCodec } from './support/codecs.ts';
import { expectedRecord, KEY_NAMES, RANGE_NAMES } from './support/expected-record.ts';

// Any Unicode scalar value, astral planes included (no lone surrogates: they are not UTF-8).
const text = (maxLength = 40) => fc.string({ unit: 'binary', maxLength });
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const safeInteger = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const date = fc.date({
  min: new Date('1970-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

const recordArbitrary: fc.Arbitrary<RecordData> = fc.record(
  {
    recordKey: text().filter((value) => value.length > 0),
    body: nullable(text(400)),
    precommitBody: nullable(text(100)),
    expiresAt: nullable(
      fc.oneof(
        date,
        date.map((value) => value.toISOString()),
      ),
    ),
    ...Object.fromEntries(KEY_NAMES.slice(1).map((name) => [name, nullable(text())])),
    ...Object.fromEntries(RANGE_NAMES.map((name) => [name, nullable(safeInteger)])),
  },
  { requiredKeys: ['recordKey'] },
) as fc.Arbitrary<RecordData>;

const MODES = [
  ['LOCAL', false, true],
  ['LOCAL', true, true],
  ['LOCAL', false, false],
  ['LOCAL', true, false],
  ['OFF', false, true],
  ['OFF', true, false],
  ['SSE', false, true],
] as const satisfies readonly (readonly [EncryptionType, boolean, boolean])[];

describe.each(MODES)(
  'round trip: %s normalizeKeys=%s hashSearchKeys=%s',
  (mode, normalize, hashSearch) => {
    const codec = testCodec(mode, { normalizeKeys: normalize, hashSearchKeys: hashSearch });
    const lowercaseKeys = normalize && mode !== 'SSE';

    it('reads back what it writes (keys lowercased with normalizeKeys)', async () => {
      await fc.assert(
        fc.asyncProperty(recordArbitrary, async (record) => {
          const wire = await codec.encode(record);
          expect(v.safeParse(ApiRecordSchema, wire).success).toBe(true);
          const decoded = await codec.decode(v.parse(ServerRecordSchema, wire));
          const version = mode === 'SSE' ? null : mode === 'OFF' ? 0 : 2;
          expect(decoded).toEqual(expectedRecord(record, { version, lowercaseKeys }));
        }),
        { numRuns: 40 },
      );
    });

    it('stores each key as hashKeyField computes it, and never a null', async () => {
      await fc.assert(
        fc.asyncProperty(recordArbitrary, async (record) => {
          const wire = await codec.encode(record);
          const fields = record as unknown as { [name: string]: unknown };
          for (const name of KEY_NAMES) {
            const field = name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
            const value = fields[name];
            const stored = (wire as { [field: string]: unknown })[field];
            if (value == null) expect(stored).toBeUndefined();
            else expect(stored).toBe(codec.hashKeyField(field, value as string));
          }
          expect(Object.values(wire)).not.toContain(null);
        }),
        { numRuns: 40 },
      );
    });
  },
);
