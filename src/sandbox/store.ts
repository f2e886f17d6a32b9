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
  /** The hosted page was framed and opened the consent in a popup: the callback then
   *  notifies the frame instead of redirecting. */
  openedFromFrame: boolean;
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
  /** Why the session failed, for the hosted page's failed screen. */
  failureReason: string | null;
}

export interface SessionStore {
  insert(record: SessionRecord): void;
  get(id: string): SessionRecord | undefined;
  /** Replaces the record with `change(current)`; undefined if there is none. */
  update(id: string, change: (current: SessionRecord) => SessionRecord): SessionRecord | undefined;
  delete(id: string): boolean;
  /** All records in ascending id (= creation) order. */
  list(): SessionRecord[];
}

export class MemoryStore implements SessionStore {
  readonly #records = new Map<string, SessionRecord>();

  insert(record: SessionRecord): void {
    this.#records.set(record.session.id, record);
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
    return this.#records.delete(id);
  }

  list(): SessionRecord[] {
    return [...this.#records.values()].sort((a, b) => compareIds(a.session.id, b.session.id));
  }
}

/** Plain code-unit order: ids are built so that this is creation order. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
