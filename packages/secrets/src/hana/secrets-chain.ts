import { hexEncode } from '@residency/crypto';
import { SecretsValidationError, StorageServerError } from '@residency/errors';
import { parseSecretsData } from '../parse-secrets-data.ts';
import type { SecretsData } from '../secrets-data.ts';
import type { HanaSecureStore } from './hana-secure-store.ts';
import type { HanaSecureStoreSession } from './hana-secure-store-session.ts';
import {
  decodeDocument,
  encodeDocument,
  generationOf,
  type LoadedSecrets,
  refsOf,
  type StoredSecret,
  toDocument,
} from './secrets-document.ts';
import { fitDocument } from './secrets-spill.ts';
import { SecureStoreEntryExistsError } from './secure-store-entry-exists-error.ts';

// How concurrent writers never lose a change, with nothing but the secure store's three
// procedures (no transactions across calls, no compare-and-swap, no listing):
//
// * Every change is a new generation g of the whole document, first written with INSERT under
//   its own claim key `<key>#<g>`. INSERT refuses an existing key, so exactly one writer owns
//   each generation; the loser reads the winner's document, applies its change to it again
//   (a rotation then takes the next version number) and tries g + 1. Claims are never
//   deleted, so a generation can never be taken twice, and each one extends the one before:
//   no version is ever dropped or bound to another secret behind a writer's back.
// * The winner reads its claim back (create-then-verify: whether INSERT really refuses a
//   duplicate is unverified, fact sheet §9). From then on the change is durable.
// * The winner then copies the document to `<key>`, the head: the secrets data under one key,
//   readable by any tool. The copy is best effort (two copies may race for the row); readers
//   never depend on it: they read the head and check that no claim follows its generation,
//   two calls on one connection, and take the newest claim when one does.
// * Claims 1..n all exist, so the newest is found by doubling and bisecting, also when there
//   is no head at all (a first write in flight, or a head replaced by a DELETE that committed
//   on its own).

/** Computes the next secrets data from the current one (`null` when nothing is stored). */
export type SecretsChange = (base: LoadedSecrets | null) => SecretsData;

interface Claim {
  readonly generation: number;
  readonly bytes: Uint8Array;
}

/** The most head copies one publish makes; each one moves to a strictly newer generation. */
const MAX_PUBLISH_ROUNDS = 100;

/** The generation chain of one provider key. */
export class SecretsChain {
  readonly #store: HanaSecureStore;
  readonly #key: string;
  readonly #maxAttempts: number;
  /** Spilled secrets by entry key; their entries never change, so they are read once. */
  readonly #spilled = new Map<string, string>();

  /**
   * Creates the chain; nothing is read yet.
   *
   * @param store The secure store.
   * @param key The head's key.
   * @param maxAttempts How many generations one change tries before giving up.
   */
  constructor(store: HanaSecureStore, key: string, maxAttempts: number) {
    this.#store = store;
    this.#key = key;
    this.#maxAttempts = maxAttempts;
  }

  /**
   * Reads the current secrets data: the head, or the newest claim when there is no head.
   *
   * @returns The secrets, or `null` when nothing is stored.
   * @throws {SecretsValidationError} When the stored data is invalid.
   */
  read(): Promise<LoadedSecrets | null> {
    return this.#store.session((session) => this.#readLatest(session));
  }

  /**
   * Applies a change as a new generation, retrying on a newer generation when another writer
   * got there first.
   *
   * @param change Computes the new data from the current; may be called several times.
   * @returns The secrets as written.
   * @throws {StorageServerError} When every attempt lost to another writer.
   */
  commit(change: SecretsChange): Promise<LoadedSecrets> {
    return this.#store.session(async (session) => {
      let base = await this.#readLatest(session);
      for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
        const generation = (base?.document.generation ?? 0) + 1;
        const written = await this.#tryWrite(session, base, change(base), generation);
        if (written !== null) {
          await this.#publish(session, { generation, bytes: encodeDocument(written.document) });
          return written;
        }
        const winner = await this.#newestClaim(session, generation);
        base =
          winner === null ? await this.#readLatest(session) : await this.#load(session, winner);
      }
      throw new StorageServerError(
        `The secrets data under ${this.#label()} changed ${this.#maxAttempts} times while ` +
          'this change was being written; try again',
      );
    });
  }

  /**
   * Deletes the head, every claim and every spilled secret.
   *
   * @returns Nothing; also when nothing was stored.
   */
  deleteAll(): Promise<void> {
    return this.#store.session(async (session) => {
      const head = await session.get(this.#key);
      const headGeneration = head === null ? 0 : generationOf(head);
      const newest =
        (await this.#newestClaim(session, Math.max(headGeneration, 1))) ??
        (await this.#newestClaim(session, 1));
      const refs = new Set<string>(head === null ? [] : refsOf(head));
      // Newest first, head last: an interrupted delete leaves a readable, older state.
      for (let generation = newest?.generation ?? 0; generation >= 1; generation--) {
        const bytes = await session.get(this.#claimKey(generation));
        if (bytes === null) continue;
        for (const ref of refsOf(bytes)) refs.add(ref);
        await session.delete(this.#claimKey(generation));
      }
      for (const ref of refs) await session.delete(ref);
      await session.delete(this.#key);
      this.#spilled.clear();
    });
  }

  async #readLatest(session: HanaSecureStoreSession): Promise<LoadedSecrets | null> {
    const head = await session.get(this.#key);
    const headGeneration = head === null ? 0 : generationOf(head);
    const newer = await this.#newestClaim(session, Math.max(headGeneration, 0) + 1);
    if (newer !== null) return this.#load(session, newer);
    return head === null ? null : this.#load(session, { generation: -1, bytes: head });
  }

  async #tryWrite(
    session: HanaSecureStoreSession,
    base: LoadedSecrets | null,
    data: SecretsData,
    generation: number,
  ): Promise<LoadedSecrets | null> {
    const draft = toDocument(data, base, generation, randomId(12));
    const { document, spilled } = fitDocument(draft, this.#key, () => randomId(8));
    for (const item of spilled) await session.create(item.key, item.secret);
    if (await this.#claim(session, generation, encodeDocument(document))) {
      for (const item of spilled) this.#spilled.set(item.key, item.secret);
      return { document, data };
    }
    for (const item of spilled) await session.delete(item.key).catch(() => undefined);
    return null;
  }

  async #claim(
    session: HanaSecureStoreSession,
    generation: number,
    bytes: Uint8Array,
  ): Promise<boolean> {
    const key = this.#claimKey(generation);
    try {
      await session.create(key, bytes);
    } catch (error) {
      if (error instanceof SecureStoreEntryExistsError) return false;
      throw error;
    }
    const stored = await session.get(key);
    return stored !== null && sameBytes(stored, bytes);
  }

  /**
   * Copies the newest document to the head. Best effort: the change is durable in its claim
   * already and readers look past a stale head, so a failed copy (e.g. another writer holding
   * the row) is left to the next writer.
   */
  async #publish(session: HanaSecureStoreSession, written: Claim): Promise<void> {
    let latest = written;
    try {
      for (let round = 0; round < MAX_PUBLISH_ROUNDS; round++) {
        const head = await session.get(this.#key);
        if (head === null || generationOf(head) < latest.generation) {
          await session.set(this.#key, latest.bytes);
        }
        // A writer that copied a newer generation before us is overwritten: copy the newest.
        const newer = await this.#newestClaim(session, latest.generation + 1);
        if (newer === null) return;
        latest = newer;
      }
    } catch {
      // Deliberately ignored, see above.
    }
  }

  /** The newest claim at or after `from`, or `null` when `from` has no claim. */
  async #newestClaim(session: HanaSecureStoreSession, from: number): Promise<Claim | null> {
    const first = await session.get(this.#claimKey(from));
    if (first === null) return null;
    let found: Claim = { generation: from, bytes: first };
    let missing = Number.POSITIVE_INFINITY;
    for (let step = 1; missing === Number.POSITIVE_INFINITY; step *= 2) {
      const probe = await this.#claimAt(session, found.generation + step);
      if (probe === null) missing = found.generation + step;
      else found = probe;
    }
    while (missing - found.generation > 1) {
      const probe = await this.#claimAt(session, Math.floor((found.generation + missing) / 2));
      if (probe === null) missing = Math.floor((found.generation + missing) / 2);
      else found = probe;
    }
    return found;
  }

  async #claimAt(session: HanaSecureStoreSession, generation: number): Promise<Claim | null> {
    const bytes = await session.get(this.#claimKey(generation));
    return bytes === null ? null : { generation, bytes };
  }

  async #load(session: HanaSecureStoreSession, claim: Claim): Promise<LoadedSecrets> {
    const where =
      claim.generation < 0 ? this.#label() : `${this.#label()} (generation ${claim.generation})`;
    const document = decodeDocument(claim.bytes, where);
    const secrets = [];
    for (const item of document.secrets) {
      const secret = item.secret ?? (await this.#readSpilled(session, item));
      const { version, isKey, isForCustomEncryption } = item;
      secrets.push({ secret, version, isKey, isForCustomEncryption });
    }
    const data = parseSecretsData({ currentVersion: document.currentVersion, secrets });
    return { document, data };
  }

  async #readSpilled(session: HanaSecureStoreSession, item: StoredSecret): Promise<string> {
    const ref = item.secretRef as string;
    const known = this.#spilled.get(ref);
    if (known !== undefined) return known;
    const secret = await session.getText(ref);
    if (secret === null) {
      throw new SecretsValidationError(
        `The secret of version ${item.version} under ${this.#label()} is missing: ` +
          'its own entry was deleted',
      );
    }
    this.#spilled.set(ref, secret);
    return secret;
  }

  #claimKey(generation: number): string {
    return `${this.#key}#${generation}`;
  }

  #label(): string {
    return `key ${JSON.stringify(this.#key)} of secure store ${JSON.stringify(this.#store.target.storeName)}`;
  }
}

function randomId(bytes: number): string {
  return hexEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.byteLength !== right.byteLength) return false;
  for (let index = 0; index < left.byteLength; index++) {
    if (left[index] !== right[index]) return false;
  }
  return true;
}
