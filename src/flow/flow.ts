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
import type { ConnectFlow, ConnectFlowOptions, FlowOutcome, FlowState, FlowTiming, FrameHandle, UiMode } from './types.js';

const DEFAULT_TIMING: FlowTiming = {
  overallMs: 600_000,
  closeGraceMs: 2_000,
  pollMs: 2_000,
  pollMaxMs: 10_000,
  requestMs: 15_000,
  frameLoadMs: 20_000,
};
/** The backend is never polled more often than this. */
const MIN_POLL_MS = 2_000;
const CLOSED_CHECK_MS = 500;

const TRY_AGAIN = ' Please try again.';
const NETWORK = 'Could not reach the server. Check your connection and try again.';
const BACKEND = 'The server could not start the connection.' + TRY_AGAIN;
const BAD_SESSION = 'The server sent an unexpected answer.' + TRY_AGAIN;

const error = (code: ConnectErrorCode, message: string): ConnectError => ({ code, message });
const isError = (e: any): e is ConnectError => typeof e?.code == 'string' && typeof e.message == 'string';
const nonEmpty = (v: unknown): v is string => typeof v == 'string' && v != '';
/** The origin of `url` (resolved against `base`), or '' if it is not a URL. */
const originOf = (url: string, base?: string) => {
  try {
    return new URL(url, base).origin;
  } catch {
    return '';
  }
};

/** Maps a session's free-form `ui_mode` onto how the page is shown. */
export const toUiMode = (uiMode: string | null | undefined): UiMode =>
  uiMode == 'redirect' ? uiMode : /^(iframe|embedded|dashboard_embeddable)$/.test(uiMode ?? '') ? 'iframe' : 'popup';

/**
 * Whether a session `url` may be opened: absolute https (http only on loopback), and, when
 * `setupOrigins` is given, on one of those origins.
 */
export function checkSetupUrl(url: string, setupOrigins?: string[]): boolean {
  let u: URL;
  try {
    u = new URL(url); // no base: a relative url is rejected
  } catch {
    return false;
  }
  const loopback = /^(localhost|127(\.\d+){3}|\[::1\])$/.test(u.hostname);
  return (
    (u.protocol == 'https:' || (u.protocol == 'http:' && loopback)) &&
    (!setupOrigins || setupOrigins.some((o) => originOf(o) == u.origin))
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

/** 32 random bytes, base64url. */
function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '');
}

function withState(url: string, state: string): string {
  const u = new URL(url, location.href);
  u.searchParams.set(STATE_PARAM, state);
  return u.href;
}

/** Starts a flow. Call it synchronously in the click handler: the popup opens before it returns. */
export const startConnectFlow = (options: ConnectFlowOptions): ConnectFlow => run(options);

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
    saved = JSON.parse(sessionStorage.getItem(key) ?? 'null');
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
  const callbackOrigin = o.callbackUrl && originOf(o.callbackUrl, location.href);

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
  const hold = (dispose: () => void) => (ended ? dispose() : bag.add(dispose), dispose);
  const after = (ms: number, fn: () => void) => {
    const id = setTimeout(fn, Math.min(ms, 2 ** 31 - 1));
    return hold(() => clearTimeout(id));
  };
  const release = () => {
    ended = true;
    bag.forEach((fn) => fn());
    bag.clear();
    popup?.close();
    frame?.close();
  };

  const set = (next: FlowState) => {
    if (ended) return;
    // The session url carries a client secret: only the window that opens it gets it, so
    // states and events (which hosts log) carry it without its query.
    if ('session' in next && next.session) next = { ...next, session: { ...next.session, url: next.session.url.split(/[?#]/)[0]! } };
    state = next;
    if (next.status == 'connected' || next.status == 'failed' || next.status == 'cancelled') {
      release();
      resolveDone(next);
    }
    o.onStateChange?.(next);
  };
  const fail = (e: ConnectError) => set({ status: 'failed', error: e, session });

  // ---- talking to the host backend
  const fetchJson = async (url: string, signal: AbortSignal, body?: CreateSessionBody) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: body ? 'POST' : 'GET',
        headers: { 'Content-Type': 'application/json', [CONNECT_HEADER]: CONNECT_HEADER_VALUE },
        body: body && JSON.stringify(body),
        credentials: 'same-origin',
        signal,
      });
    } catch {
      throw error('network', NETWORK);
    }
    const data: any = await response.json().catch(() => undefined);
    if (!response.ok) throw error('backend_error', nonEmpty(data?.error?.message) ? data.error.message : BACKEND);
    return data;
  };
  /** One request with a timeout; it resolves only with a valid session of this provider. */
  const call = (send: (signal: AbortSignal) => Promise<unknown>, id?: string) => {
    const controller = new AbortController();
    hold(() => controller.abort());
    return new Promise<unknown>((resolve, reject) => {
      const stop = after(timing.requestMs, () => {
        controller.abort();
        reject(error('network', NETWORK));
      });
      send(controller.signal)
        .then(resolve, (e) => reject(isError(e) ? e : error('backend_error', BACKEND)))
        .finally(stop);
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
    pollDelay = Math.min(Math.max(pollDelay * 1.5, timing.pollMs, MIN_POLL_MS), Math.max(timing.pollMaxMs, MIN_POLL_MS));
    stopPoll = after(pollDelay, () => check());
  };
  /** A hint (callback message, channel) or a poll: check once; still pending → keep waiting, polling. */
  const check = (hint?: boolean) => {
    if (hint) hints++;
    if (inflight || ended) return; // the request in flight asks again if it predates this hint
    if (hint && !looksClosed) set({ status: 'confirming', session: session! });
    confirm().then((over) => {
      if (over) return;
      if (hint && !looksClosed) set({ status: 'waiting', session: session!, mode });
      poll();
    });
  };
  /** Confirms one last time; a session still pending ends in `otherwise`. */
  const lastCheck = (otherwise: FlowState) => confirm().then((over) => over || set(otherwise));
  /** The window looks closed (or the user came back from a redirect): grace, then a last check.
   *  Cross-Origin-Opener-Policy on a provider's page makes a popup that is still open read as
   *  closed. A user who really closed it is back on this page, so the grace starts once this
   *  page has focus; until then polling (and the overall timeout) carry the flow. */
  const graceThenCancel = () => {
    looksClosed = true;
    set({ status: 'confirming', session: session! });
    poll();
    const startGrace = () => {
      removeEventListener('focus', startGrace);
      after(timing.closeGraceMs, () => lastCheck({ status: 'cancelled', reason: 'closed', session }));
    };
    if (document.hasFocus()) return startGrace();
    addEventListener('focus', startGrace);
    hold(() => removeEventListener('focus', startGrace));
  };

  const isCallback = (data: any) => data?.type === CALLBACK_MESSAGE_TYPE && data.state === flowState;
  const listen = () => {
    const onMessage = (e: MessageEvent) => {
      const own = popup ?? frame?.window;
      if (e.origin === callbackOrigin && e.source && e.source === own && isCallback(e.data)) check(true);
    };
    addEventListener('message', onMessage);
    hold(() => removeEventListener('message', onMessage));
    // For when Cross-Origin-Opener-Policy severed window.opener: the callback page posts here too.
    const channel = new BroadcastChannel(CHANNEL_PREFIX + flowState);
    channel.onmessage = (e) => isCallback(e.data) && check(true);
    hold(() => channel.close());
  };
  const watchPopup = (win: Window) => {
    const id = setInterval(() => {
      if (!win.closed) return;
      clearInterval(id);
      graceThenCancel();
    }, CLOSED_CHECK_MS);
    hold(() => clearInterval(id));
  };

  const start = async () => {
    const wanted = o.uiMode && toUiMode(o.uiMode);
    const returnUrl = wanted == 'redirect' ? location.href : o.callbackUrl;
    const missing = !o.providerId
      ? 'providerId'
      : !endpoint && !(o.createSession && o.getSession)
        ? 'endpoint'
        : o.callbackUrl && !/^https?:/.test(callbackOrigin || '') // not javascript:, data:, …
          ? 'a valid callbackUrl'
          : '';
    if (missing) return fail(error('invalid_config', `Setup is incomplete: ${missing} is missing.`));
    after(timing.overallMs, () => fail(error('timeout', 'The connection took too long.' + TRY_AGAIN)));

    if (resume) {
      // Back from a redirect: the return itself is the hint. (Nothing is reported before the
      // first await: the element resumes from connectedCallback, mid-render of its host.)
      session = await getSession(resume.sessionId);
      const outcome = outcomeOf(session);
      return outcome ? set(outcome) : graceThenCancel();
    }

    // Synchronous, still inside the click: nothing has been awaited yet.
    if (!wanted || wanted == 'popup' || (wanted == 'iframe' && !o.frameHost)) {
      const w = 500;
      const h = 700;
      const left = Math.round(screenX + (outerWidth - w) / 2);
      const top = Math.round(screenY + (outerHeight - h) / 2);
      popup = open('', '_blank', `popup,width=${w},height=${h},left=${left},top=${top}`);
      if (!popup || popup.closed) {
        popup = null;
        return fail(error('popup_blocked', 'The popup was blocked. Allow popups for this site and try again.'));
      }
    }
    set({ status: 'creating' });

    const body: CreateSessionBody = { ...o.session, provider_id: o.providerId };
    if (returnUrl) body.redirect_url = withState(returnUrl, flowState);
    const created = (session = await call((signal) =>
      o.createSession ? o.createSession(body, signal) : fetchJson(endpoint!, signal, body),
    ));
    if (ended) return;
    const outcome = outcomeOf(created); // e.g. completed at once: an auth config already existed
    if (outcome) return set(outcome);
    if (!checkSetupUrl(created.url, o.setupOrigins)) {
      return fail(error('invalid_session', 'The setup page could not be opened safely.' + TRY_AGAIN));
    }
    mode = toUiMode(wanted || created.ui_mode);
    if ((mode == 'iframe' && !o.frameHost) || (mode == 'redirect' && !returnUrl)) mode = 'popup';
    if (mode != 'popup') {
      popup?.close();
      popup = null;
    }
    set({ status: 'waiting', session: created, mode });

    if (mode == 'redirect') {
      const record: RedirectRecord = { state: flowState, sessionId: created.id, createdAt: Date.now(), returnUrl: location.href };
      sessionStorage.setItem(STORAGE_PREFIX + o.providerId, JSON.stringify(record));
      return (o.navigate ?? ((url) => location.assign(url)))(created.url);
    }
    listen();
    after(Date.parse(created.expires_at) - Date.now(), () => lastCheck({ status: 'failed', error: expired(), session }));
    if (mode == 'iframe') {
      const stopLoadTimer = after(timing.frameLoadMs, () =>
        fail(error('iframe_failed', 'The setup page did not load.' + TRY_AGAIN)),
      );
      frame = o.frameHost!.open(created.url, {
        onLoad: stopLoadTimer,
        onDismiss: () => set({ status: 'cancelled', reason: 'cancelled', session }),
      });
    } else {
      popup!.location.replace(created.url);
      watchPopup(popup!);
    }
    if (!o.callbackUrl) poll(); // no callback page will tell us: ask the backend now and then
  };
  start().catch((e) => fail(isError(e) ? e : error('network', NETWORK)));

  return {
    get state() {
      return state;
    },
    done,
    cancel: () => set({ status: 'cancelled', reason: 'cancelled', session }),
    dispose: release,
  };
}
