// The records part of the story: one person per country, what the server holds, reading back,
// batches, and find with filters and sort.
import type { Storage } from '@residency/sdk';
import type { Credentials } from '@residency/server/launch';
import { type Printer, short } from './printer.ts';
import { storedRecords } from './raw-view.ts';

/** What every chapter works with. */
export interface StoryContext {
  readonly storage: Storage;
  readonly credentials: Credentials;
  readonly printer: Printer;
}

/** One person per country: the countries the story writes to. */
export const PEOPLE = [
  { country: 'us', recordKey: 'person-ada', name: 'Ada', city: 'Boston' },
  { country: 'de', recordKey: 'person-bruno', name: 'Bruno', city: 'Berlin' },
  { country: 'sg', recordKey: 'person-chen', name: 'Chen', city: 'Singapore' },
] as const;

/**
 * Writes one record to each of three countries: three databases on the server.
 *
 * @param context The story's storage and printer.
 */
export async function writePerCountry({ storage, printer }: StoryContext): Promise<void> {
  printer.chapter('One person per country: three countries, three databases');
  for (const person of PEOPLE) {
    await storage.write(person.country, {
      recordKey: person.recordKey,
      body: JSON.stringify({
        name: person.name,
        email: `${person.name.toLowerCase()}@example.com`,
      }),
      key1: person.city,
    });
    printer.line(`wrote ${person.recordKey} (${person.name}, ${person.city}) to ${person.country}`);
  }
}

/**
 * Shows what the server stored for one country: hashes and ciphertext, no names.
 *
 * @param context The story's credentials and printer.
 */
export async function showStored({ credentials, printer }: StoryContext): Promise<void> {
  printer.chapter('What the server holds for de (read past the SDK, over its API)');
  const [record] = await storedRecords(credentials, 'de', 1);
  if (!record) throw new Error('the server holds no record for de');
  printer.line(`record_key  ${record.record_key}  (SHA-256 of the key and environment)`);
  printer.line(`key1        ${record.key1 ?? 'null'}  (the city, hashed)`);
  printer.line(`body        ${short(record.body ?? '')}  (AES-256-GCM, version ${record.version})`);
}

/**
 * Reads each person back, decrypted.
 *
 * @param context The story's storage and printer.
 */
export async function readBack({ storage, printer }: StoryContext): Promise<void> {
  printer.chapter('Read back, decrypted on this side');
  for (const person of PEOPLE) {
    const { record } = await storage.read(person.country, person.recordKey);
    printer.line(`${person.country}: ${record.recordKey} → ${record.body} (key1 ${record.key1})`);
  }
}

const TEAM = [
  { name: 'Dana', age: 29, team: 'platform' },
  { name: 'Emil', age: 41, team: 'platform' },
  { name: 'Frida', age: 35, team: 'data' },
  { name: 'Gustav', age: 52, team: 'platform' },
  { name: 'Hanna', age: 33, team: 'platform' },
];

/**
 * Writes a batch to one country, then finds with a filter, a range and a sort.
 *
 * @param context The story's storage and printer.
 */
export async function batchAndFind({ storage, printer }: StoryContext): Promise<void> {
  printer.chapter('Batch write, then find with filters and sort');
  await storage.batchWrite(
    'de',
    TEAM.map((member) => ({
      recordKey: `staff-${member.name.toLowerCase()}`,
      body: JSON.stringify({ name: member.name }),
      key2: member.team,
      rangeKey1: member.age,
    })),
  );
  printer.line(`batch of ${TEAM.length} records written to de in one transaction`);
  const filter = { key2: 'platform', rangeKey1: { $gte: 30 } };
  const { records, meta } = await storage.find('de', filter, { sort: [{ rangeKey1: 'desc' }] });
  printer.line(
    `found ${meta.total} records whose key2 is "platform" and rangeKey1 is at least 30, oldest first (rangeKey1 descending):`,
  );
  for (const record of records) {
    const { name } = JSON.parse(record.body ?? '{}') as { name: string };
    printer.line(`  ${name}, ${record.rangeKey1}`);
  }
}
