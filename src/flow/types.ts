/**
 * The headless flow engine's public types: the contract between the engine
 * (src/flow/), the element that renders it (src/element/) and headless users.
 */
import type { AuthConfig, CreateSessionBody, SetupSession } from '../shared/session.js';
import type { ConnectError } from '../shared/protocol.js';

export type { ConnectError, ConnectErrorCode } from '../shared/protocol.js';

/** How the setup page is shown. Session `ui_mode` values map onto these:
 *  `popup` → popup; `iframe`, `embedded`, `dashboard_embeddable` → iframe;
 *  `redirect` → redirect; anything else → popup. */
export type UiMode = 'popup' | 'iframe' | 'redirect';

/** Why a flow ended in `cancelled`. */
export type CancelReason =
  /** The user closed the popup before any callback message came (after the grace period and
   *  a last backend check that still said pending). */
  | 'closed'
  /** `cancel()` was called (the element's Cancel button), or the user dismissed the frame
   *  (Escape or Close in the dialog; after a last backend check). */
  | 'cancelled';

/** Where a flow is. The element is a view of this; `statechange` carries it. A state is
 *  reported only when it changes (its status, or the mode of `waiting`). */
export type FlowState =
  | { status: 'idle' }
  /** Asking the host backend for a session (a popup may already be open, blank); for a flow
   *  resumed after a redirect, reading its session back (reported after `resumeConnectFlow`
   *  returned, never during it). */
  | { status: 'creating' }
  /** The user is on the setup page, in the given mode. */
  | { status: 'waiting'; session: SetupSession; mode: UiMode }
  /** A hint arrived (callback message, closed window, return from redirect): asking the backend.
   *  After a callback message (or a return from a redirect) it stays here until the backend
   *  gives a final status, the session expires or `confirmMs` runs out. */
  | { status: 'confirming'; session: SetupSession }
  | { status: 'connected'; session: SetupSession; authConfig: AuthConfig }
  | { status: 'failed'; error: ConnectError; session?: SetupSession }
  | { status: 'cancelled'; reason: CancelReason; session?: SetupSession };

export type FlowOutcome = Extract<FlowState, { status: 'connected' | 'failed' | 'cancelled' }>;

/** Shows a setup page in an in-page iframe (the iframe mode). The element implements it
 *  with a modal <dialog>; headless users may supply their own. Without one, the iframe
 *  mode falls back to a popup.
 *
 *  Which sessions are framed: a `token` or `custom` session's page is a form, shown in the
 *  frame, which then goes to the callback page. An `oauth` session's page takes its own window
 *  to the provider, whose consent page refuses to be framed: the engine never gives its url to
 *  a frame host. It calls `open('', events)` instead, and the host shows a button ("Continue to
 *  GitHub") whose click calls `events.onPopOut()`: the session goes on in a popup. */
export interface FrameHost {
  /**
   * Show `url` in an iframe now. The host calls `onLoad` when the iframe's load event
   * fires and `onDismiss` when the user closes the frame (close button, Escape); the flow
   * then closes the frame at once and checks with the backend one last time.
   *
   * `url` is empty for a page that must open in a popup (an OAuth session): show no iframe,
   * but a button that calls `events.onPopOut()` in its click (the frame is still open after
   * that call only when the browser blocked the popup: say so; in a frame of another origin the
   * flow ends `popup_blocked_in_frame` instead), and call `onLoad` once that is shown.
   */
  open(url: string, events: FrameEvents): FrameHandle;
}

/** What a frame host reports to the flow. */
export interface FrameEvents {
  /** The iframe's load event fired. */
  onLoad(): void;
  /** The user closed the frame (close button, Escape). */
  onDismiss(): void;
  /** The user chose "Open in a new window instead" (a framed page may show the browser's own
   *  error page, e.g. when framing is refused). Call it synchronously in that click: the flow
   *  opens the setup page in a popup, closes the frame and goes on in popup mode (`waiting`,
   *  mode `popup`). If the browser blocks the popup, the frame and the flow stay as they were
   *  (but for an OAuth session in a frame of another origin, which ends `popup_blocked_in_frame`).
   *  After the frame was dismissed or popped out, further calls (and `onDismiss`) do nothing. */
  onPopOut(): void;
}

export interface FrameHandle {
  /** The iframe's contentWindow: messages from the callback page must come from it (null
   *  while it has none, and for an empty url). */
  readonly window: Window | null;
  /** Remove the frame (the flow ended or was disposed). Idempotent. */
  close(): void;
}

/** Fields of the create body the host may set; `provider_id` and `redirect_url` are the flow's. */
export type SessionFields = Omit<CreateSessionBody, 'provider_id' | 'redirect_url'>;

export interface ConnectFlowOptions {
  /** Provider to connect (the session's `provider_id`). Required. */
  providerId: string;
  /** Host backend base URL: `POST {endpoint}` creates, `GET {endpoint}/{id}` reads.
   *  Required unless both `createSession` and `getSession` are given. */
  endpoint?: string;
  /** Overrides the session's `ui_mode`. */
  uiMode?: UiMode;
  /** Page on the host's origin that loads the callback script; becomes the session's
   *  `redirect_url` with the flow's state appended. Without it the flow learns the
   *  outcome by polling the backend. */
  callbackUrl?: string;
  /** When set, a session `url` must have one of these origins. */
  setupOrigins?: string[];
  /** Optional create-body fields (name, description, metadata, deployment/auth ids). */
  session?: SessionFields;
  /** Replaces `POST {endpoint}`: resolves with the created session object. */
  createSession?: (body: CreateSessionBody, signal: AbortSignal) => Promise<unknown>;
  /** Replaces `GET {endpoint}/{id}`: resolves with the session object. */
  getSession?: (id: string, signal: AbortSignal) => Promise<unknown>;
  /** Shows the iframe mode. */
  frameHost?: FrameHost;
  /** Called synchronously on every state change, the first being `creating`. What it throws is
   *  reported (`reportError`) and changes nothing. */
  onStateChange?: (state: FlowState) => void;
  /** Tuning; defaults are the product's. */
  timing?: Partial<FlowTiming>;
  /** Called synchronously with the popup right after it opens (same-origin `about:blank`,
   *  before the session exists), to write a placeholder into it ("Connecting to GitHub…") so
   *  the user never sees a blank window. The setup page replaces it. Nothing in it may come
   *  from the network. Called before `creating` is reported; not for a blocked popup, a frame,
   *  a redirect or a resumed flow. What it throws is reported and changes nothing. */
  popupPlaceholder?: (popup: Window) => void;
  /** Navigates the page to the setup url in redirect mode. Default `location.assign(url)`;
   *  a seam for tests and for client-side routers. */
  navigate?: (url: string) => void;
}

export interface FlowTiming {
  /** Whole flow, from click to outcome. Default 10 minutes. */
  overallMs: number;
  /** After the window looks closed, wait this long (and check the backend) before cancelling. Default 2 s. */
  closeGraceMs: number;
  /** First poll interval; grows with backoff. Never below 2 s. Default 2 s. */
  pollMs: number;
  /** Longest poll interval. Default 10 s. */
  pollMaxMs: number;
  /** One backend request. Default 15 s. */
  requestMs: number;
  /** An iframe whose load event has not fired by then ends in `iframe_failed`. Default 20 s. */
  frameLoadMs: number;
  /** After a genuine callback hint, how long the flow keeps confirming (the window may close
   *  itself meanwhile) before it ends in `failed` / `unconfirmed`. Default 60 s. */
  confirmMs: number;
}

export interface ConnectFlow {
  /** Current state. */
  readonly state: FlowState;
  /** Resolves once with the terminal state; never rejects. After `dispose()` (without a
   *  terminal state before it) it stays pending: a disposed flow reports nothing more. */
  readonly done: Promise<FlowOutcome>;
  /** End the flow now in `cancelled` (reason `cancelled`), closing its window or frame. */
  cancel(): void;
  /** Stop everything (windows, frames, timers, listeners, requests) and report nothing more. */
  dispose(): void;
}
