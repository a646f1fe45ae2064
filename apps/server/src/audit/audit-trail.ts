// What one request leaves in the audit log. The middleware opens a trail per records request;
// the route names the country (once it is known to be served), the action and the record keys
// it touches; a change hands the trail's row to the store, which inserts it with the change;
// whatever else happened (a read, a failure, a change that did not happen) the middleware
// queues when the response is ready, with the response's status.

import { createHash } from 'node:crypto';
import {
  AUDIT_KEY_CAP,
  type AuditAction,
  type AuditEntry,
  type CountryStore,
} from '../store/index.ts';

/** The status of a change whose row goes in with it: it answers 200 once committed. */
const CHANGED_STATUS = 200;

interface AuditTarget {
  readonly country: string;
  readonly store: CountryStore;
  readonly action: AuditAction;
}

/** The audit row of one request in the making. */
export class AuditTrail {
  readonly #requestId: string;
  readonly #environment: string;
  readonly #clientId: string;
  #target: AuditTarget | undefined;
  readonly #keyHashes: string[] = [];
  #keyCount = 0;
  #inserted = false;
  readonly #enabled: boolean;

  /**
   * @param requestId The request's `x-inc-corr-id-resp` id.
   * @param environment The token's environment.
   * @param clientId The token's client.
   * @param enabled False for a trail that writes nothing (auditing off).
   */
  constructor(requestId: string, environment: string, clientId: string, enabled = true) {
    this.#requestId = requestId;
    this.#environment = environment;
    this.#clientId = clientId;
    this.#enabled = enabled;
  }

  /**
   * Names the served country, its store and the action: from now on the request has a row.
   * @param country The lowercase country code.
   * @param store The country's store, where the row goes.
   * @param action What the request does.
   */
  begin(country: string, store: CountryStore, action: AuditAction): void {
    if (this.#enabled) this.#target = { country, store, action };
  }

  /**
   * Adds record keys the request touches; only their SHA-256 goes into the row, the first
   * AUDIT_KEY_CAP of them, and the count of all.
   * @param storedKeys The record keys as stored.
   */
  touch(storedKeys: readonly string[]): void {
    if (this.#target === undefined) return;
    for (const key of storedKeys) {
      if (this.#keyHashes.length < AUDIT_KEY_CAP) {
        this.#keyHashes.push(createHash('sha256').update(key).digest('hex'));
      }
    }
    this.#keyCount += storedKeys.length;
  }

  /**
   * Runs a change with the row the store inserts in its transaction.
   * @param work The store call, given the row (status 200).
   * @param inserted Whether the store inserted the row, from what the call returned (a miss
   *   inserts none; the middleware then queues the row with the response's status).
   * @returns What `work` returned.
   * @throws What `work` threw; its row is then queued with the error's status.
   */
  async change<Result>(
    work: (entry: AuditEntry | undefined) => Promise<Result>,
    inserted: (result: Result) => boolean = () => true,
  ): Promise<Result> {
    const result = await work(this.#entry(CHANGED_STATUS));
    if (this.#target !== undefined && inserted(result)) this.#inserted = true;
    return result;
  }

  /**
   * Queues the row with the response's status, unless the store already inserted it or no
   * served country was named (those refusals go to the log only).
   * @param status The response's status.
   */
  finish(status: number): void {
    if (this.#inserted || this.#target === undefined) return;
    this.#target.store.recordAudit(this.#entry(status) as AuditEntry);
  }

  #entry(status: number): AuditEntry | undefined {
    if (this.#target === undefined) return undefined;
    return {
      time: new Date(),
      environment: this.#environment,
      clientId: this.#clientId,
      action: this.#target.action,
      country: this.#target.country,
      status,
      requestId: this.#requestId,
      keyHashes: [...this.#keyHashes],
      keyCount: this.#keyCount,
    };
  }
}

/** The trail of a request when auditing is off: it never names a target, so it writes nothing. */
export const DISABLED_AUDIT_TRAIL: AuditTrail = new AuditTrail('', '', '', false);
