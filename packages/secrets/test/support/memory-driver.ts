// A SecureStoreDriver over MemorySecureStore, for unit tests: records every connection and
// call, injects failures, and can interleave concurrent operations by yielding a
// pseudo-random number of microtasks before each call (no timers, so fake timers are safe).

import type {
  HanaConnectionSettings,
  SecureStoreCall,
  SecureStoreConnection,
  SecureStoreDriver,
} from '../../src/hana/index.ts';
import { MemorySecureStore, type MemoryTransaction } from './memory-secure-store.ts';

/** A failure to inject: which calls it hits, what is thrown, how often. */
interface Failure {
  readonly matches: (call: SecureStoreCall) => boolean;
  readonly error: unknown;
  remaining: number;
}

/** Options of a `MemoryDriver`. */
export interface MemoryDriverOptions {
  /** The store; a fresh one by default. */
  readonly store?: MemorySecureStore;
  /** A seed: when given, each call first yields 0–7 microtasks chosen by a seeded generator. */
  readonly interleaveSeed?: number;
  /** Runs before each call is executed, e.g. to play another writer at a precise moment. */
  readonly onCall?: (call: SecureStoreCall, store: MemorySecureStore) => void;
}

/** The in-memory driver. */
export class MemoryDriver implements SecureStoreDriver {
  readonly name: string = 'memory';
  readonly store: MemorySecureStore;
  /** Every call made, in order. */
  readonly calls: SecureStoreCall[] = [];
  /** The settings of every connect. */
  readonly connects: HanaConnectionSettings[] = [];
  /** How many connections are open now. */
  open = 0;
  readonly #failures: Failure[] = [];
  #connectError: unknown;
  #random: (() => number) | undefined;
  readonly #onCall: MemoryDriverOptions['onCall'];

  constructor(options: MemoryDriverOptions = {}) {
    this.store = options.store ?? new MemorySecureStore();
    this.#onCall = options.onCall;
    const seed = options.interleaveSeed;
    this.#random = seed === undefined ? undefined : mulberry32(seed);
  }

  /** Makes the next `times` calls that match throw `error`. */
  failCall(matches: (call: SecureStoreCall) => boolean, error: unknown, times = 1): void {
    this.#failures.push({ matches, error, remaining: times });
  }

  /** Makes the next connect throw `error`. */
  failConnect(error: unknown): void {
    this.#connectError = error;
  }

  /** The calls of one procedure, by key. */
  keysOf(procedure: SecureStoreCall['procedure']): string[] {
    return this.calls.filter((call) => call.procedure === procedure).map((call) => call.entry.key);
  }

  async connect(settings: HanaConnectionSettings): Promise<SecureStoreConnection> {
    this.connects.push(settings);
    await this.pause();
    const error = this.#connectError;
    if (error !== undefined) {
      this.#connectError = undefined;
      throw error;
    }
    this.open++;
    return new MemoryConnection(this, this.store.open());
  }

  /** Yields some microtasks when interleaving. */
  async pause(): Promise<void> {
    const count = this.#random === undefined ? 0 : Math.floor(this.#random() * 8);
    for (let index = 0; index < count; index++) await Promise.resolve();
  }

  /** Throws an injected failure matching the call, if any, after the `onCall` hook. */
  failure(call: SecureStoreCall): void {
    this.#onCall?.(call, this.store);
    const failure = this.#failures.find((item) => item.remaining > 0 && item.matches(call));
    if (failure === undefined) return;
    failure.remaining--;
    throw failure.error;
  }
}

class MemoryConnection implements SecureStoreConnection {
  readonly #driver: MemoryDriver;
  readonly #transaction: MemoryTransaction;
  #closed = false;

  constructor(driver: MemoryDriver, transaction: MemoryTransaction) {
    this.#driver = driver;
    this.#transaction = transaction;
  }

  async call(call: SecureStoreCall): Promise<Uint8Array | null> {
    if (this.#closed) throw Object.assign(new Error('Connection closed'), { code: 'EHDBCLOSE' });
    await this.#driver.pause();
    this.#driver.calls.push(call);
    this.#driver.failure(call);
    const transaction = this.#transaction;
    if (call.procedure === 'INSERT') transaction.insert(call.entry, call.value);
    else if (call.procedure === 'DELETE') transaction.delete(call.entry);
    else return transaction.retrieve(call.entry);
    return null;
  }

  async begin(): Promise<void> {
    this.#transaction.autoCommit = false;
  }

  async commit(): Promise<void> {
    this.#transaction.commit();
    this.#transaction.autoCommit = true;
  }

  async rollback(): Promise<void> {
    this.#transaction.rollback();
    this.#transaction.autoCommit = true;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#transaction.rollback();
    this.#driver.open--;
  }
}

/** A small seeded generator, so an interleaving that fails can be replayed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
