/**
 * The flow engine: create a setup session through the host backend, show its page
 * (popup, iframe or redirect), learn the outcome, confirm it with the backend.
 *
 * Each flow keeps everything it starts (timers, listeners, channel, requests) in one
 * disposable set, `bag`, so ending or disposing it is one loop and nothing leaks.
 *
 * Opening the popup: the popup must open synchronously in the click, but the session's
 * `ui_mode` is only known once the session arrives. So when `uiMode` is given, a popup
 * opens at once only for `popup` (or `iframe` without a frameHost, which falls back to a
 * popup); when it is not given, a blank popup opens speculatively and is closed again if
 * the session asks for an iframe or a redirect.
 *
 * Redirect mode and `redirect_url` (which is sent before the mode may be known):
 * - `uiMode: 'redirect'` given: `redirect_url` is the current page + `metorial_connect_state`;
 *   the page calls `resumeConnectFlow` when it loads again.
 * - otherwise `redirect_url` is `callbackUrl` + state (no `redirect_url` without a callbackUrl).
 *   If the session then asks for a redirect, the flow stores `{state, sessionId, returnUrl}`
 *   and navigates; the callback page, finding no opener or parent, looks the state up in
 *   sessionStorage and sends the user back to `returnUrl` + state (same origin only), where
 *   `resumeConnectFlow` finishes. Without a callbackUrl nothing could bring the user back,
 *   so a session-chosen redirect is shown in the (already open) popup instead.
 */
import {
  CALLBACK_MESSAGE_TYPE,
  CHANNEL_PREFIX,
  CONNECT_HEADER,
  CONNECT_HEADER_VALUE,
  STATE_PARAM,
  type ConnectError,
  type ConnectErrorCode,
} from '../shared/protocol.js';
import type { CreateSessionBody, SetupSession } from '../shared/session.js';
import { STORAGE_PREFIX, type RedirectRecord } from './redirect-store.js';
import type { CancelReason, ConnectFlow, ConnectFlowOptions, FlowOutcome, FlowState, FlowTiming, FrameHandle, UiMode } from './types.js';

const DEFAULT_TIMING: FlowTiming = {
  overallMs: 600_000,
  closeGraceMs: 2_000,
  pollMs: 2_000,
  pollMaxMs: 10_000,
  requestMs: 15_000,
  frameLoadMs: 20_000,
  confirmMs: 60_000,
};
/** The backend is never polled more often than this. */
const MIN_POLL_MS = 2_000;
const CLOSED_CHECK_MS = 500;

const TRY_AGAIN = ' Please try again.';
const NETWORK = 'Could not reach the server.' + TRY_AGAIN;
const BACKEND = 'The server could not start the connection.' + TRY_AGAIN;
const BAD_SESSION = 'The server sent an unexpected answer.' + TRY_AGAIN;

/** Errors this engine made: only these pass through as they are. A host transport's own error
 *  (an axios error with its request config, say) must not reach events that hosts log. */
const ours = new WeakSet<object>();
const error = (code: ConnectErrorCode, message: string): ConnectError => {
  const e = { code, message };
  ours.add(e);
  return e;
};
const isError = (e: any): e is ConnectError => ours.has(e);
/** What tells states apart for listeners: the status, and the mode of `waiting`. */
const stateKey = (state: any) => state.status + state.mode;
const nonEmpty = (v: unknown): v is string => typeof v == 'string' && v != '';
/** `url` (resolved against `base`), or undefined if it is not a URL. */
const parse = (url: string, base?: string) => {
  try {
    return new URL(url, base);
  } catch {}
};

/** Maps a session's free-form `ui_mode` onto how the page is shown. */
export const toUiMode = (uiMode: string | null | undefined): UiMode =>
  uiMode == 'redirect' ? uiMode : /^(iframe|embedded|dashboard_embeddable)$/.test(uiMode ?? '') ? 'iframe' : 'popup';

/**
 * Whether a session `url` may be opened: absolute https (http only on loopback), and, when
 * `setupOrigins` is given, on one of those origins.
 */
export function checkSetupUrl(url: string, setupOrigins?: string[]): boolean {
  const u = parse(url); // no base: a relative url is rejected
  return (
    !!u &&
    (u.protocol == 'https:' || (u.protocol == 'http:' && /^(localhost|127(\.\d+){3}|\[::1\])$/.test(u.hostname))) &&
    (!setupOrigins || setupOrigins.some((o) => parse(o)?.origin == u.origin))
  );
}

/** The session, if `value` is a well-formed one for this provider (and this id); throws `invalid_session` otherwise. */
function asSession(value: any, providerId: string, id?: string): SetupSession {
  if (
    value?.object == 'provider.setup_session' &&
    nonEmpty(value.id) &&
    (!id || value.id == id) &&
    nonEmpty(value.status) &&
    nonEmpty(value.url) &&
    value.provider_id === providerId &&
    Date.parse(value.expires_at) > 0 &&
    typeof (value.auth_config ?? {}) == 'object'
  )
    return value;
  throw error('invalid_session', BAD_SESSION);
}

/** The flow's terminal state for a session's status, or undefined while it is pending. */
function outcomeOf(session: SetupSession): FlowOutcome | undefined {
  const { status, auth_config: authConfig } = session;
  if (status == 'pending') return;
  if (status == 'completed' && authConfig) return { status: 'connected', session, authConfig };
  return {
    status: 'failed',
    session,
    error: status == 'expired' ? expired() : error('session_failed', 'The connection was not completed.' + TRY_AGAIN),
  };
}
const expired = () => error('session_expired', 'The connection took too long and expired.' + TRY_AGAIN);

/** 32 random bytes, base64url (43 characters; the 44th is padding). */
function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).slice(0, 43).replace(/\+/g, '-').replace(/\//g, '_');
}

/** Starts a flow. Call it synchronously in the click handler: the popup opens before it returns. */
export const startConnectFlow: (options: ConnectFlowOptions) => ConnectFlow = run;

/**
 * Finishes a redirect-mode flow after the page loaded again: returns null unless the URL
 * carries a state that matches the one this page stored for `options.providerId`.
 */
export function resumeConnectFlow(options: ConnectFlowOptions): ConnectFlow | null {
  const url = new URL(location.href);
  const state = url.searchParams.get(STATE_PARAM);
  const key = STORAGE_PREFIX + options.providerId;
  let saved: Partial<RedirectRecord> | null = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(key)!); // (null when there is none)
  } catch {
    // unreadable: nothing to resume
  }
  if (!state || saved?.state !== state || !nonEmpty(saved.sessionId)) return null;
  sessionStorage.removeItem(key);
  url.searchParams.delete(STATE_PARAM);
  history.replaceState(history.state, '', url.href);
  return run(options, { sessionId: saved.sessionId, state });
}

function run(o: ConnectFlowOptions, resume?: { sessionId: string; state: string }): ConnectFlow {
  // (a host passing `{ pollMs: undefined }` gets the default, not NaN)
  const timing: FlowTiming = { ...DEFAULT_TIMING, ...Object.fromEntries(Object.entries(o.timing ?? {}).filter(([, v]) => v != null)) };
  const flowState = resume?.state ?? randomState();
  const endpoint = o.endpoint?.replace(/\/$/, '');
  const callbackOrigin = o.callbackUrl && parse(o.callbackUrl, location.href)?.origin;

  let state: FlowState = { status: 'idle' };
  let ended = false;
  let session: SetupSession | undefined;
  let popup: Window | null = null;
  let frame: FrameHandle | undefined;
  let mode: UiMode = 'popup';
  let looksClosed = false;
  let resolveDone!: (outcome: FlowOutcome) => void;
  const done = new Promise<FlowOutcome>((resolve) => (resolveDone = resolve));

  // ---- the disposable set
  const bag = new Set<() => void>();
  /** Keeps `dispose` until the flow ends; the returned function runs it early and forgets it
   *  (so a polling flow's set stays small). */
  const hold = (dispose: () => void) => {
    const drop = () => (bag.delete(drop), dispose());
    ended ? dispose() : bag.add(drop);
    return drop;
  };
  const after = (ms: number, fn: () => void) => {
    const id = setTimeout(() => (stop(), fn()), Math.min(ms, 2 ** 31 - 1));
    const stop = hold(() => clearTimeout(id));
    return stop;
  };
  /** A listener on this window, removed when the flow ends or the returned function is called. */
  const on = <K extends keyof WindowEventMap>(type: K, listener: (event: WindowEventMap[K]) => void) => {
    addEventListener(type, listener);
    return hold(() => removeEventListener(type, listener));
  };
  const release = () => {
    ended = true;
    bag.forEach((drop) => drop()); // (each also leaves the set)
    popup?.close();
    frame?.close();
  };

  /** Reports `next`, unless the flow ended or it is the status (and mode) already reported. */
  const set = (next: FlowState) => {
    if (ended || stateKey(next) == stateKey(state)) return;
    // The session url carries a client secret: only the window that opens it gets it, so
    // states and events (which hosts log) carry it without its query.
    if ('session' in next && next.session) next = { ...next, session: { ...next.session, url: next.session.url.split(/[?#]/)[0]! } };
    state = next;
    if (/^(connected|failed|cancelled)$/.test(next.status)) {
      release();
      resolveDone(next as FlowOutcome);
    }
    o.onStateChange?.(next);
  };
  const fail = (code: ConnectErrorCode, message: string) => set({ status: 'failed', error: error(code, message), session });

  // ---- talking to the host backend
  const fetchJson = async (url: string, signal: AbortSignal, body?: CreateSessionBody) => {
    // (GET and same-origin credentials are fetch's defaults)
    const response = await fetch(url, {
      method: body && 'POST',
      headers: { 'Content-Type': 'application/json', [CONNECT_HEADER]: CONNECT_HEADER_VALUE },
      body: body && JSON.stringify(body),
      signal,
    }).catch(() => {
      throw error('network', NETWORK);
    });
    const data: any = await response.json().catch(() => {});
    if (!response.ok) throw error('backend_error', nonEmpty(data?.error?.message) ? data.error.message : BACKEND);
    return data;
  };
  /** One request with a timeout; it resolves only with a valid session of this provider. */
  const call = (send: (signal: AbortSignal) => Promise<unknown>, id?: string) => {
    const controller = new AbortController();
    const abort = hold(() => controller.abort());
    return new Promise<unknown>((resolve, reject) => {
      const stop = after(timing.requestMs, () => (abort(), reject(error('network', NETWORK))));
      send(controller.signal)
        .then(resolve, (e) => reject(isError(e) ? e : error('backend_error', BACKEND)))
        .finally(() => (stop(), bag.delete(abort))); // settled: nothing left to abort
    }).then((value) => asSession(value, o.providerId, id));
  };
  const getSession = (id: string) =>
    call((signal) => (o.getSession ? o.getSession(id, signal) : fetchJson(`${endpoint}/${encodeURIComponent(id)}`, signal)), id);

  // ---- confirming with the backend
  let inflight: Promise<boolean> | undefined;
  /** Hints so far, and how many there were when the request in flight was sent: an answer
   *  older than the latest hint is stale, so its waiters ask again. */
  let hints = 0;
  let askedAt = 0;
  let pollDelay = 0;
  let stopPoll = () => {};
  /** Asks the backend once (concurrent askers share the request); true when the flow ended.
   *  A failed request counts as "still pending": the next poll or last check retries. */
  const confirm = (): Promise<boolean> => {
    if (!inflight) {
      askedAt = hints;
      inflight = getSession(session!.id)
        .then(
          (fresh) => {
            session = fresh;
            const outcome = outcomeOf(fresh);
            if (outcome) set(outcome);
            return ended;
          },
          () => ended,
        )
        .finally(() => (inflight = undefined));
    }
    const asked = askedAt;
    return inflight.then((over) => (over || asked == hints ? over : confirm()));
  };
  /** Backoff polling: first `pollMs`, growing to `pollMaxMs`, never below MIN_POLL_MS. */
  const poll = () => {
    stopPoll();
    pollDelay = Math.max(Math.min(Math.max(pollDelay * 1.5, timing.pollMs), timing.pollMaxMs), MIN_POLL_MS);
    stopPoll = after(pollDelay, () => check());
  };
  /** A hint (callback message, channel) or a poll: check once; still pending → keep waiting, polling. */
  const check = (hint?: boolean) => {
    if (hint) hints++;
    if (inflight || ended) return; // the request in flight asks again if it predates this hint
    if (hint) set({ status: 'confirming', session: session! }); // (a no-op while a window looks closed)
    confirm().then((over) => {
      if (over) return;
      if (hint && !looksClosed) set({ status: 'waiting', session: session!, mode });
      poll();
    });
  };
  /** Confirms one last time; a session still pending ends in `otherwise`. */
  const lastCheck = (otherwise: FlowState) => confirm().then((over) => over || set(otherwise));
  /** The window looks closed (or the user came back from a redirect, or dismissed the frame):
   *  a last check, after a grace unless dismissed; a session still pending ends in `cancelled`.
   *  Cross-Origin-Opener-Policy on a provider's page makes a popup that is still open read as
   *  closed. A user who really closed it is back on this page, so the grace starts once this
   *  page has focus; until then polling (and the overall timeout) carry the flow. */
  const closing = (reason: CancelReason) => {
    looksClosed = true;
    set({ status: 'confirming', session: session! });
    const last = () => lastCheck({ status: 'cancelled', reason, session });
    if (reason == 'cancelled') return last();
    poll();
    const startGrace = () => (stopWaiting(), after(timing.closeGraceMs, last));
    const stopWaiting = on('focus', startGrace);
    if (document.hasFocus()) startGrace();
  };

  const isCallback = (data: any) => data?.type === CALLBACK_MESSAGE_TYPE && data.state === flowState;
  /** A closing window fires no event: look every CLOSED_CHECK_MS. */
  const watchPopup = (): void => {
    after(CLOSED_CHECK_MS, () => (popup!.closed ? closing('closed') : watchPopup()));
  };

  const start = async () => {
    // A resumed flow reports nothing synchronously: the element resumes from connectedCallback,
    // mid-render of its host.
    if (resume) await 0;
    const wanted = o.uiMode && toUiMode(o.uiMode);
    const returnUrl = wanted == 'redirect' ? location.href : o.callbackUrl;
    const missing = !o.providerId
      ? 'providerId'
      : !endpoint && !(o.createSession && o.getSession)
        ? 'endpoint'
        : o.callbackUrl && !/^https?:/.test(callbackOrigin || '') // not javascript:, data:, …
          ? 'a valid callbackUrl'
          : '';
    if (missing) return fail('invalid_config', `Setup is incomplete: ${missing} is missing.`);
    after(timing.overallMs, () => fail('timeout', 'The connection took too long.' + TRY_AGAIN));

    // Synchronous, still inside the click: nothing has been awaited yet.
    if (!resume && (!wanted || wanted == 'popup' || (wanted == 'iframe' && !o.frameHost))) {
      const w = 500;
      const h = 700;
      // Centred on this window.
      popup = open('', '_blank', `popup,width=${w},height=${h},left=${Math.round(screenX + (outerWidth - w) / 2)},top=${Math.round(screenY + (outerHeight - h) / 2)}`);
      if (!popup || popup.closed) {
        popup = null;
        return fail('popup_blocked', 'The popup was blocked. Allow popups for this site and try again.');
      }
    }
    set({ status: 'creating' }); // (resumed: reading the session back)
    if (resume) {
      // Back from a redirect: the return itself is the hint.
      session = await getSession(resume.sessionId);
      const outcome = outcomeOf(session);
      return outcome ? set(outcome) : closing('closed');
    }

    const body: CreateSessionBody = { ...o.session, provider_id: o.providerId };
    if (returnUrl) {
      const back = new URL(returnUrl, location.href);
      back.searchParams.set(STATE_PARAM, flowState);
      body.redirect_url = back.href;
    }
    const created = (session = await call((signal) =>
      o.createSession ? o.createSession(body, signal) : fetchJson(endpoint!, signal, body),
    ));
    if (ended) return;
    const outcome = outcomeOf(created); // e.g. completed at once: an auth config already existed
    if (outcome) return set(outcome);
    if (!checkSetupUrl(created.url, o.setupOrigins)) {
      return fail('invalid_session', 'The setup page could not be opened safely.' + TRY_AGAIN);
    }
    mode = toUiMode(wanted || created.ui_mode);
    if ((mode == 'iframe' && !o.frameHost) || (mode == 'redirect' && !returnUrl)) mode = 'popup';
    if (mode != 'popup') {
      popup?.close();
      popup = null;
    }
    set({ status: 'waiting', session: created, mode });
    if (ended) return; // a statechange listener cancelled or disposed the flow

    if (mode == 'redirect') {
      const record: RedirectRecord = { state: flowState, sessionId: created.id, createdAt: Date.now(), returnUrl: location.href };
      sessionStorage.setItem(STORAGE_PREFIX + o.providerId, JSON.stringify(record));
      return (o.navigate ?? ((url) => location.assign(url)))(created.url);
    }
    // Hints: the callback page's message, from our own window only, and the channel it also
    // posts on (for when Cross-Origin-Opener-Policy severed window.opener).
    on('message', (e) => {
      const own = popup ?? frame?.window;
      if (e.origin === callbackOrigin && e.source && e.source === own && isCallback(e.data)) check(true);
    });
    const channel = new BroadcastChannel(CHANNEL_PREFIX + flowState);
    channel.onmessage = (e) => isCallback(e.data) && check(true);
    hold(() => channel.close());
    // Timed by the server's own clock (a client's may be off by hours), from the create answer.
    after(Date.parse(created.expires_at) - (Date.parse(created.created_at) || Date.now()), () => lastCheck({ status: 'failed', error: expired(), session }));
    if (mode == 'iframe') {
      const stopLoadTimer = after(timing.frameLoadMs, () =>
        fail('iframe_failed', 'The setup page did not load.' + TRY_AGAIN),
      );
      frame = o.frameHost!.open(created.url, {
        onLoad: stopLoadTimer,
        onDismiss: () => (stopLoadTimer(), frame!.close(), closing('cancelled')),
        onPopOut: () => {
          // In the user's click: the same setup page, in a popup instead of the frame.
          const w = open(created.url, '_blank', 'popup,width=500,height=700');
          if (!w) return;
          stopLoadTimer();
          frame!.close();
          popup = w;
          mode = 'popup';
          set({ status: 'waiting', session: created, mode });
          watchPopup();
        },
      });
    } else {
      popup!.location.replace(created.url);
      watchPopup();
    }
    if (!o.callbackUrl) poll(); // no callback page will tell us: ask the backend now and then
  };
  start().catch((e) => set({ status: 'failed', error: isError(e) ? e : error('network', NETWORK), session }));

  return {
    get state() {
      return state;
    },
    done,
    cancel: () => set({ status: 'cancelled', reason: 'cancelled', session }),
    dispose: release,
  };
}
