/**
 * The small protocol the browser pieces and the host helper agree on.
 * Constants only, so both sides can import it without pulling code across.
 */

/** Header every request from the element to the host backend carries. A custom header
 *  makes a cross-site forgery need a CORS preflight, which the host never grants. */
export const CONNECT_HEADER = 'X-Metorial-Connect';
export const CONNECT_HEADER_VALUE = '1';

/** Query parameter that carries a flow's state on the session's `redirect_url`. */
export const STATE_PARAM = 'metorial_connect_state';

/** Ends the callback page's address in the window that a flow in a frame of another origin
 *  opens on it (flow/window.ts, openOwn): there, with no opener, the page closes itself. */
export const CLOSE_HASH = '#metorial-connect:close';

/** `type` of the message the callback page posts to its opener / parent / channel. */
export const CALLBACK_MESSAGE_TYPE = 'metorial-connect:callback';

/** Prefix of the BroadcastChannel a flow listens on: `${CHANNEL_PREFIX}${state}`. */
export const CHANNEL_PREFIX = 'metorial-connect:';

/** What the callback page posts. It knows only that the provider came back; the outcome
 *  is always confirmed with the backend. */
export interface CallbackMessage {
  type: typeof CALLBACK_MESSAGE_TYPE;
  state: string;
}

/** Stable error codes of the element and the flow engine. */
export type ConnectErrorCode =
  | 'invalid_config'
  | 'popup_blocked'
  /** No window came back to a page in a frame of another origin: far more often the embedding
   *  site's doing (its `Cross-Origin-Opener-Policy: same-origin`, or a `sandbox` without
   *  `allow-popups`) than the user's popup setting. The way forward is the page in its own tab. */
  | 'popup_blocked_in_frame'
  | 'network'
  | 'backend_error'
  | 'invalid_session'
  | 'session_failed'
  | 'session_expired'
  | 'timeout'
  | 'iframe_failed'
  /** The callback page said the provider came back, but the backend did not report a final
   *  status within the confirmation window (`FlowTiming.confirmMs`). */
  | 'unconfirmed'
  /** The host backend answered 429 `rate_limited` (the upstream API's rate limit, passed on by
   *  the helper): `retryAfter` says in how many seconds to try again. A running flow asks the
   *  backend no sooner; the element's button starts no flow before then. */
  | 'rate_limited';

export interface ConnectError {
  code: ConnectErrorCode;
  message: string;
  /** `rate_limited` only: seconds until the backend accepts requests again. */
  retryAfter?: number;
}

/** Error body the host helper answers with (`{ error: { code, message } }`), which the
 *  element turns into `backend_error` with the message shown; `rate_limited` (HTTP 429) also
 *  carries `retry_after_seconds` (from the upstream's `RateLimit-Reset`), and becomes the
 *  engine's own `rate_limited`. */
export interface HostErrorBody {
  error: { code: string; message: string; retry_after_seconds?: number };
}
