// A person as the page stores one: the whole person goes into the encrypted body, and the city
// also into key1, hashed, so that it can be searched without the server learning it.
import type { AttachmentMeta, Record, Storage } from '@residency/sdk';

/** What the form collects. */
export interface Person {
  readonly name: string;
  readonly email: string;
  readonly city: string;
  readonly note: string;
}

/** A person found, with what the table needs to act on the record. */
export interface PersonRow {
  readonly recordKey: string;
  readonly person: Person;
  readonly attachments: readonly AttachmentMeta[];
}

/** The result of a search: the people, and how many matches this passphrase cannot decrypt. */
export interface PeopleFound {
  readonly rows: readonly PersonRow[];
  readonly undecryptable: number;
}

/** The most matches one search shows (the API's page size). */
const SEARCH_LIMIT = 100;

function personOf(record: Record): Person | undefined {
  try {
    const value = JSON.parse(record.body ?? '') as Partial<Person>;
    if (typeof value.name !== 'string' || typeof value.email !== 'string') return undefined;
    return {
      name: value.name,
      email: value.email,
      city: typeof value.city === 'string' ? value.city : (record.key1 ?? ''),
      note: typeof value.note === 'string' ? value.note : '',
    };
  } catch {
    // Another application's record in the same environment: not a person of this demo.
    return undefined;
  }
}

/**
 * Encrypts and stores a person under a fresh random record key.
 *
 * @param storage The page's storage.
 * @param country The country code.
 * @param person The person.
 * @returns The new record's key.
 * @throws {StorageError} What `storage.write` throws.
 */
export async function storePerson(
  storage: Storage,
  country: string,
  person: Person,
): Promise<string> {
  // Random, so the key itself says nothing about the person (it is hashed anyway).
  const recordKey = `person-${crypto.randomUUID()}`;
  await storage.write(country, { recordKey, body: JSON.stringify(person), key1: person.city });
  return recordKey;
}

/**
 * Finds the people of a city: an exact match on the hashed key1.
 *
 * @param storage The page's storage.
 * @param country The country code.
 * @param city The city, any case.
 * @returns The people, newest first, and the count of records this passphrase cannot decrypt.
 * @throws {StorageError} What `storage.find` throws.
 */
export async function findPeopleByCity(
  storage: Storage,
  country: string,
  city: string,
): Promise<PeopleFound> {
  const { records, errors } = await storage.find(
    country,
    { key1: city },
    { limit: SEARCH_LIMIT, sort: [{ createdAt: 'desc' }] },
  );
  const rows = records.flatMap((record) => {
    const person = personOf(record);
    return person === undefined
      ? []
      : [{ recordKey: record.recordKey, person, attachments: record.attachments }];
  });
  return { rows, undecryptable: errors?.length ?? 0 };
}
