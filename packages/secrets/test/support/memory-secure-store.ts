// The secure store's behaviour as the tests assume it (fact sheet §8): one map keyed by store
// name, user flag and key; INSERT over an existing key fails (code 301, our guess), RETRIEVE of
// a missing key gives null, DELETE of a missing key is silent. Transactions keep their writes
// apart until COMMIT, and an entry written by an open transaction is locked for the others
// (they fail at once with 131 instead of waiting). Shared by the in-memory driver and the fake
// HANA server, so both layers test against the same assumptions.

import type { SecureStoreEntry } from '../../src/hana/index.ts';

/** An error shaped like hdb's SqlError: numeric `code`, `sqlState`, `level`. */
export interface FakeSqlError extends Error {
  readonly code: number;
  readonly sqlState: string;
  readonly level: number;
}

/** Makes an error shaped like a server error of hdb. */
export function sqlError(code: number, sqlState: string, message: string): FakeSqlError {
  return Object.assign(new Error(message), { code, sqlState, level: 1 });
}

/** Turns an entry into its map key. */
export function entryId(entry: SecureStoreEntry): string {
  return JSON.stringify([entry.storeName, entry.forApplicationUser, entry.key]);
}

/** The store's committed state, and the transactions working on it. */
export class MemorySecureStore {
  /** Committed entries by `entryId`. */
  readonly committed: Map<string, Uint8Array> = new Map();
  readonly #locks = new Map<string, MemoryTransaction>();

  /** Opens a session's transaction context, autocommit on. */
  open(): MemoryTransaction {
    return new MemoryTransaction(this, this.#locks);
  }

  /** The committed value of an entry, for assertions. */
  peek(storeName: string, forApplicationUser: boolean, key: string): Uint8Array | undefined {
    return this.committed.get(entryId({ storeName, forApplicationUser, key }));
  }

  /** The committed keys of one store, sorted, for assertions. */
  keys(storeName = 'residency', forApplicationUser = false): string[] {
    return [...this.committed.keys()]
      .map((id) => JSON.parse(id) as [string, boolean, string])
      .filter(([store, flag]) => store === storeName && flag === forApplicationUser)
      .map(([, , key]) => key)
      .sort();
  }
}

/** One session's view: autocommit, or a transaction with pending writes. */
export class MemoryTransaction {
  autoCommit = true;
  readonly #store: MemorySecureStore;
  readonly #locks: Map<string, MemoryTransaction>;
  readonly #pending = new Map<string, Uint8Array | null>();

  constructor(store: MemorySecureStore, locks: Map<string, MemoryTransaction>) {
    this.#store = store;
    this.#locks = locks;
  }

  insert(entry: SecureStoreEntry, value: Uint8Array): void {
    const id = this.#lock(entry);
    if (this.#visible(id) !== null) {
      throw sqlError(301, '23000', 'unique constraint violated: secure store entry exists');
    }
    this.#write(id, new Uint8Array(value));
  }

  retrieve(entry: SecureStoreEntry): Uint8Array | null {
    const value = this.#visible(entryId(entry));
    return value === null ? null : new Uint8Array(value);
  }

  delete(entry: SecureStoreEntry): void {
    this.#write(this.#lock(entry), null);
  }

  commit(): void {
    for (const [id, value] of this.#pending) {
      if (value === null) this.#store.committed.delete(id);
      else this.#store.committed.set(id, value);
    }
    this.rollback();
  }

  rollback(): void {
    this.#pending.clear();
    for (const [id, holder] of this.#locks) if (holder === this) this.#locks.delete(id);
  }

  #visible(id: string): Uint8Array | null {
    if (this.#pending.has(id)) return this.#pending.get(id) ?? null;
    return this.#store.committed.get(id) ?? null;
  }

  #lock(entry: SecureStoreEntry): string {
    const id = entryId(entry);
    const holder = this.#locks.get(id);
    if (holder !== undefined && holder !== this) {
      throw sqlError(131, 'HY000', 'transaction rolled back by lock wait timeout');
    }
    return id;
  }

  #write(id: string, value: Uint8Array | null): void {
    if (this.autoCommit) {
      if (value === null) this.#store.committed.delete(id);
      else this.#store.committed.set(id, value);
      return;
    }
    this.#locks.set(id, this);
    this.#pending.set(id, value);
  }
}
