/**
 * Session storage. The sandbox keeps everything in memory behind this interface so a
 * persistent store could replace it without touching the routes.
 */
import type { SetupSession } from '../shared/session.js';

/** The OAuth attempt in progress for a session (the latest Continue click wins). */
export interface PendingAuthorization {
  /** Full `state` sent to the provider. */
  state: string;
  /** PKCE verifier; its S256 challenge went to the provider. */
  codeVerifier: string;
  /** When the user reached the OAuth start (ms): the step stays open 30 minutes from here,
   *  past the session's `expires_at` if need be. */
  startedAt: number;
  /** SHA-256 (base64url) of the nonce in the HttpOnly cookie `/setup/:id/start` set: ties the
   *  callback to the browser that pressed Continue. */
  browserBindingHash: string;
}

/** What the sandbox stores per session. `session.status` is the stored status; `expired`
 *  is never stored, it is computed on read. */
export interface SessionRecord {
  session: SetupSession;
  /** Bearer secret of the hosted page (`?client_secret=`). Never returned except inside `url`. */
  clientSecret: string;
  /** The attempt awaiting its callback; null before Continue and once a callback took it. */
  authorization: PendingAuthorization | null;
  /** The attempt whose callback was taken (exchanging or done): a repeat of that callback
   *  only shows the outcome, and only its exchange may complete the session. */
  answeredAuthorization: PendingAuthorization | null;
  /** Token from the provider; kept, never returned by the API. */
  accessToken: string | null;
  /** What the auth form collected (secrets included); kept, never returned by the API. */
  authInput: Record<string, unknown> | null;
  /** What the config form collected; kept, never returned by the API. */
  configValues: Record<string, unknown> | null;
  /** Why the session failed, for the hosted page's failed screen. */
  failureReason: string | null;
}

export interface SessionStore {
  insert(record: SessionRecord): void;
  get(id: string): SessionRecord | undefined;
  /** Replaces the record with `change(current)`; undefined if there is none. */
  update(id: string, change: (current: SessionRecord) => SessionRecord): SessionRecord | undefined;
  delete(id: string): boolean;
  /** Every stored id in ascending (= creation) order: the index lists page through. A live
   *  view; read it synchronously, do not keep it. */
  ids(): readonly string[];
  /** Drops what has outlived its retention (`now` in ms). Called before each request. */
  sweep(now: number): void;
}

export interface MemoryStoreOptions {
  /** At most this many sessions; inserting one more evicts the oldest. Default 100,000. */
  maxSessions?: number;
  /** A session is kept until this long after its `expires_at`, whatever its status. Default 1 day. */
  retentionMs?: number;
}

export const DEFAULT_MAX_SESSIONS = 100_000;
export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Records in a Map by id, plus an array of their ids kept sorted (the list index).
 * Costs: get O(1); insert O(1) when the id is the newest (the usual case: ids start with the
 * creation time), else a binary search and an array splice; delete a binary search and a
 * splice (a memmove, ~0.1 ms at 100k); a list page O(log n + limit), see `pageOfSorted`.
 * Eviction starts at the oldest id: one sandbox gives every session the same lifetime, so id
 * order is also `expires_at` order and a sweep stops at the first session still in retention.
 */
export class MemoryStore implements SessionStore {
  readonly #records = new Map<string, SessionRecord>();
  readonly #ids: string[] = [];
  readonly #maxSessions: number;
  readonly #retentionMs: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#maxSessions = Math.max(1, options.maxSessions ?? DEFAULT_MAX_SESSIONS);
    this.#retentionMs = Math.max(0, options.retentionMs ?? DEFAULT_RETENTION_MS);
  }

  get size(): number {
    return this.#records.size;
  }

  insert(record: SessionRecord): void {
    const id = record.session.id;
    if (!this.#records.has(id)) {
      const last = this.#ids[this.#ids.length - 1];
      if (last === undefined || compareIds(last, id) < 0) this.#ids.push(id);
      else this.#ids.splice(lowerBound(this.#ids, id), 0, id);
    }
    this.#records.set(id, record);
    // Oldest first: the front of the index.
    const excess = this.#ids.length - this.#maxSessions;
    if (excess > 0) for (const evicted of this.#ids.splice(0, excess)) this.#records.delete(evicted);
  }

  get(id: string): SessionRecord | undefined {
    return this.#records.get(id);
  }

  update(id: string, change: (current: SessionRecord) => SessionRecord): SessionRecord | undefined {
    const current = this.#records.get(id);
    if (!current) return undefined;
    const next = change(current);
    this.#records.set(id, next);
    return next;
  }

  delete(id: string): boolean {
    if (!this.#records.delete(id)) return false;
    const index = lowerBound(this.#ids, id);
    if (this.#ids[index] === id) this.#ids.splice(index, 1);
    return true;
  }

  ids(): readonly string[] {
    return this.#ids;
  }

  sweep(now: number): void {
    let count = 0;
    for (const id of this.#ids) {
      const record = this.#records.get(id)!;
      if (Date.parse(record.session.expires_at) + this.#retentionMs > now) break;
      count++;
    }
    if (count > 0) for (const evicted of this.#ids.splice(0, count)) this.#records.delete(evicted);
  }
}

/** First index in `ids` (ascending) whose id is ≥ `id`, or with `strict` > `id`. */
export function lowerBound(ids: readonly string[], id: string, strict = false): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const compared = compareIds(ids[middle]!, id);
    if (compared < 0 || (strict && compared === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Plain code-unit order: ids are built so that this is creation order. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
