/**
 * Confirming with the backend. A hint (the callback page's message, a closed window, the return
 * from a redirect) is never an outcome: the flow asks the backend, and keeps asking (polling
 * with backoff) until the session has a final status or a deadline ends the flow.
 *
 * - A genuine callback hint means the provider came back. The callback page then closes its
 *   popup itself, and the backend may still say `pending` for a few seconds: from then on a
 *   closing window is expected, and the flow stays `confirming` until the backend gives a final
 *   status, the session expires, or `confirmMs` runs out (`failed` / `unconfirmed`).
 * - A window that looks closed before any hint may be the user giving up, or a provider page's
 *   Cross-Origin-Opener-Policy, which makes a popup that is still open read as closed. A user who
 *   really closed it is back on this page, so the grace starts once this page has focus; until
 *   then polling (and the overall timeout) carry the flow. Then a last check: still pending ends
 *   in `cancelled`; a backend that cannot be reached ends in `failed` (we do not know the user
 *   cancelled).
 * - `expired` is computed when the session is read, and a user who began consent in time may
 *   still complete it after `expires_at` (upstream's OAuth step has its own 30 minutes from when
 *   the user reached it). So while the setup page is still shown, or after a callback hint, a
 *   session read as `expired` is not final: the flow keeps confirming until it completes or
 *   fails, the window closes, `confirmMs` after a hint, or LATE_MS after `expires_at` (and never
 *   past `overallMs`).
 * - A 429 (`rate_limited`) is no answer: the next poll waits at least as long as the backend
 *   asked, never less than the poll interval.
 */
import type { ConnectError } from '../shared/protocol.js';
import type { FlowContext } from './context.js';
import { error, expired, TRY_AGAIN } from './errors.js';
import { outcomeOf } from './session.js';
import { request } from './transport.js';
import type { CancelReason } from './types.js';

/** The backend is never polled more often than this. */
const MIN_POLL_MS = 2_000;
/** How long after `expires_at` a flow whose page is still shown keeps confirming: upstream's
 *  OAuth step window, so a consent begun by `expires_at` ends within it. */
const LATE_MS = 1_800_000;

export interface Confirmation {
  /** A genuine callback hint arrived. */
  hint(): void;
  /** The user came back from a redirect (the return is the hint) and the session is still pending. */
  returned(): void;
  /** Ask now and then from now on (no callback page will tell). */
  poll(): void;
  /** The popup looks closed (`closed`), or the user dismissed the frame (`cancelled`, no grace). */
  closed(reason: CancelReason): void;
  /** The session expires in `ms`: then the flow ends `session_expired`, unless the user is still
   *  at it (late completion, up to LATE_MS more). */
  expiry(ms: number): void;
}

export function createConfirmation(f: FlowContext): Confirmation {
  const { bag, options: o } = f;
  let inflight: Promise<ConnectError | void> | undefined;
  /** Genuine hints so far, and how many there were when the request in flight was sent: an
   *  answer older than the latest hint is stale, so its waiters ask again. */
  let hints = 0;
  let askedAt = 0;
  let pollDelay = 0;
  let stopPoll = () => {};
  /** The user may still complete the session: the page is shown (the flow still `waiting`: a
   *  closed popup makes it `confirming`), or the provider came back. */
  const active = () => hints || f.state.status == 'waiting';

  /** Asks the backend once (concurrent askers share the request); resolves with why the request
   *  failed, if it did. A failed request counts as "still pending": the next poll or last
   *  check retries. */
  const confirm = (): Promise<ConnectError | void> => {
    if (!inflight) {
      askedAt = hints;
      inflight = request(f, f.session!.id)
        .then(
          (fresh) => {
            f.session = fresh;
            const outcome = outcomeOf(fresh);
            if (outcome && (fresh.status != 'expired' || !active())) f.set(outcome);
          },
          (failure: ConnectError) => failure,
        )
        .finally(() => {
          inflight = undefined;
        });
    }
    const asked = askedAt;
    // (A failed request is not asked again at once, even after a hint: polling retries, no
    // sooner than a 429 asked.)
    return inflight.then((failure) => (bag.released || asked == hints || failure ? failure : confirm()));
  };

  /** Backoff polling: first `pollMs`, then ×1.5 each time, at most `pollMaxMs`, never below
   *  MIN_POLL_MS; after a 429, no sooner than the backend's `retryAfter` seconds. */
  const poll = (retryAfter?: number) => {
    stopPoll();
    pollDelay = Math.max(Math.min(pollDelay ? pollDelay * 1.5 : (o.timing?.pollMs ?? 2_000), o.timing?.pollMaxMs ?? 10_000), MIN_POLL_MS);
    stopPoll = bag.after(Math.max(pollDelay, ~~retryAfter! * 1e3), check);
  };

  /** Checks once, then keeps polling while pending. A request in flight asks again by itself
   *  if it predates a hint. */
  const check = () => {
    if (!inflight) void confirm().then((failure) => bag.released || poll(failure?.retryAfter));
  };

  /** Asks one last time; a session still pending then ends through `end`, with why that last
   *  request failed, if it did. */
  const last = (end: (failure: ConnectError | void) => void) => confirm().then((failure) => bag.released || end(failure));

  /** A genuine hint: confirming from now on, within the confirmation window. */
  const hinted = () => {
    if (!hints) {
      bag.after(o.timing?.confirmMs ?? 60_000, () => last(() => f.fail(error('unconfirmed', 'The connection could not be confirmed.' + TRY_AGAIN))));
    }
    hints++;
    f.set({ status: 'confirming' });
  };

  return {
    hint() {
      hinted();
      check();
    },
    returned() {
      hinted();
      poll();
    },
    poll,
    closed(reason) {
      if (hints) return; // expected: the callback page closes its popup
      f.set({ status: 'confirming' });
      const cancel = () => {
        if (hints) return; // a hint came during the grace: confirming goes on
        // A dismissed frame is the user's cancel; a closed popup may not be, so a backend that
        // cannot be reached then leaves the outcome unknown: failed, not cancelled.
        // A hint that came during that last request means the provider came back after all:
        // confirming goes on (with polling, which a request in flight had paused).
        void last((failure) => {
          if (hints) check();
          else if (failure && reason == 'closed') f.fail(failure);
          else f.set({ status: 'cancelled', reason });
        });
      };
      if (reason == 'cancelled') return cancel();
      poll();
      const startGrace = () => {
        stopWaiting();
        bag.after(o.timing?.closeGraceMs ?? 2_000, cancel);
      };
      const stopWaiting = bag.on('focus', startGrace);
      if (document.hasFocus()) startGrace();
    },
    expiry(ms) {
      const expire = () => last(() => f.fail(expired()));
      bag.after(ms, () => active() || expire());
      bag.after(ms + LATE_MS, expire);
    },
  };
}
