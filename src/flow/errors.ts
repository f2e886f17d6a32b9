/**
 * The engine's errors, in plain words for people, and how a host's own errors are kept out of
 * the flow: a host's transport error becomes a stable code, a host's callback that throws is
 * reported to the console but changes nothing.
 */
import type { ConnectError, ConnectErrorCode } from '../shared/protocol.js';

export const TRY_AGAIN = ' Please try again.';
export const NETWORK = 'Could not reach the server.' + TRY_AGAIN;
export const BACKEND = 'The server could not start the connection.' + TRY_AGAIN;
export const BLOCKED = 'The popup was blocked. Allow popups for this site and try again.';
export const blocked = () => error('popup_blocked', BLOCKED);

/** Errors this engine made: only these pass through as they are. A host transport's own error
 *  (an axios error with its request config, say) must not reach events that hosts log. */
const ours = new WeakSet<object>();

export function error(code: ConnectErrorCode, message: string): ConnectError {
  const e = { code, message };
  ours.add(e);
  return e;
}

export const isError = (e: unknown): e is ConnectError => ours.has(e as object);

export const expired = () => error('session_expired', 'The connection expired.' + TRY_AGAIN);

/** A session that is not one, or whose setup page may not be opened. */
export const invalidSession = () => error('invalid_session', 'The server sent an unexpected answer.' + TRY_AGAIN);

/** Calls a host's callback. What it throws is the host's bug: reported (so the console still
 *  shows it) without changing the flow, and without escaping from one of the flow's timers. */
export function callHost<T>(callback: ((arg: T) => void) | undefined, arg: T): void {
  try {
    callback?.(arg);
  } catch (e) {
    reportError(e);
  }
}
