/**
 * The flow engine: create a setup session through the host backend, show its page (popup,
 * iframe or redirect), learn the outcome, confirm it with the backend. This file runs one flow
 * from start to end; its parts live beside it:
 *   disposables.ts  everything a flow holds, released in one loop when it ends
 *   transport.ts    talking to the host backend
 *   confirm.ts      confirming and polling, closed windows, the confirmation window
 *   window.ts       the popup, and the frame or the redirect through:
 *   modes.ts        the in-page and redirect modes (loaded on demand: most flows are popups),
 *                   and the words for a window an embedding site withheld
 *   hints.ts        the callback page's message and channel
 * Each timing default (FlowTiming documents them) is written where that timing is used, with
 * `??`, so a host passing `{ pollMs: undefined }` gets the default.
 *
 * Opening the popup: it must open synchronously in the click, but the session's `ui_mode` is
 * only known once the session arrives. So when `uiMode` is given, a popup opens at once only
 * for `popup` (or `iframe` without a frameHost, which falls back to a popup); when it is not
 * given, a blank popup opens speculatively and is closed again if the session asks for an
 * iframe or a redirect.
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
import { STATE_PARAM } from '../shared/protocol.js';
import type { CreateSessionBody } from '../shared/session.js';
import { createConfirmation } from './confirm.js';
import type { FlowContext } from './context.js';
import { disposables } from './disposables.js';
import { callHost, error, invalidSession, isError, NETWORK, TRY_AGAIN } from './errors.js';
import { listenForHints } from './hints.js';
import { recordKey, type RedirectRecord } from './redirect-store.js';
import { nonEmpty, outcomeOf } from './session.js';
import { checkSetupUrl, parseUrl, toUiMode } from './setup-url.js';
import { request } from './transport.js';
import type { ConnectFlow, ConnectFlowOptions, FlowOutcome, FlowState, UiMode } from './types.js';
import { createSetupWindow, loadModes, whyBlocked } from './window.js';

export { checkSetupUrl, toUiMode };

/** What tells states apart for listeners: the status, and the mode of `waiting`. */
const stateKey = (state: any) => state.status + state.mode;

/** 32 random bytes, in 43 URL-safe characters (the 44th of the base64 is padding). */
function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  // (Base64 with `+` and `/` both as `-`: 43 characters of [\w-], still over 250 random bits.)
  return btoa(String.fromCharCode(...bytes)).slice(0, 43).replace(/\W/g, '-');
}

/** Starts a flow. Call it synchronously in the click handler: the popup opens before it returns. */
export const startConnectFlow: (options: ConnectFlowOptions) => ConnectFlow = run;

/**
 * Finishes a redirect-mode flow after the page loaded again: returns null unless the URL
 * carries a state that matches the record this page stored for a flow with these options
 * (provider id and session fields: see redirect-store.ts). A flow with other options finds no
 * record, and leaves the address and the record alone.
 */
export function resumeConnectFlow(options: ConnectFlowOptions): ConnectFlow | null {
  const url = new URL(location.href);
  const state = url.searchParams.get(STATE_PARAM);
  const key = recordKey(options);
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
  return run(options, saved as RedirectRecord);
}

/** Runs one flow; `resume`: the stored record of a flow back from a redirect. */
function run(o: ConnectFlowOptions, resume?: Pick<RedirectRecord, 'sessionId' | 'state'>): ConnectFlow {
  const flowState = resume?.state ?? randomState();
  const endpoint = o.endpoint?.replace(/\/$/, '');
  const callbackOrigin = o.callbackUrl && parseUrl(o.callbackUrl, location.href)?.origin;
  const wanted = o.uiMode && toUiMode(o.uiMode);
  const returnUrl = wanted == 'redirect' ? location.href : o.callbackUrl;
  /** The mode a page is shown in: an iframe needs a frameHost, a redirect a way back. */
  const usable = (mode: UiMode) => ((mode == 'iframe' && !o.frameHost) || (mode == 'redirect' && !returnUrl) ? 'popup' : mode);
  const bag = disposables();

  let resolveDone!: (outcome: FlowOutcome) => void;
  const done = new Promise<FlowOutcome>((resolve) => (resolveDone = resolve));

  const f: FlowContext = {
    options: o,
    endpoint,
    bag,
    state: { status: 'idle' },
    set(next) {
      if (bag.released || stateKey(next) == stateKey(f.state)) return;
      // Every state once the session exists carries it. Its url carries a client secret: only
      // the window that opens it gets it, so states and events (which hosts log) carry it
      // without its query.
      const { session } = f;
      const state = (f.state = (session ? { ...next, session: { ...session, url: session.url.split(/[?#]/)[0]! } } : next) as FlowState);
      if (/^(connected|failed|cancelled)$/.test(state.status)) {
        bag.release();
        resolveDone(state as FlowOutcome);
      }
      // A listener that throws is the host's bug: it must not change the flow.
      callHost(o.onStateChange, state);
    },
    fail: (error) => f.set({ status: 'failed', error }),
  };
  const confirmation = createConfirmation(f);
  const setupWindow = createSetupWindow(f, confirmation.closed);

  const createBody = () => {
    const body: CreateSessionBody = { ...o.session, provider_id: o.providerId };
    if (returnUrl) {
      const back = new URL(returnUrl, location.href);
      back.searchParams.set(STATE_PARAM, flowState);
      body.redirect_url = back.href;
    }
    return body;
  };

  const start = async () => {
    // A resumed flow reports nothing synchronously: the element resumes from connectedCallback,
    // mid-render of its host.
    if (resume) await 0;
    const missing = !o.providerId
      ? 'providerId'
      : !endpoint && !(o.createSession && o.getSession)
        ? 'endpoint'
        : o.callbackUrl && !callbackOrigin?.startsWith('http') // not javascript:, data:, … (whose origin is "null")
          ? 'a valid callbackUrl'
          : '';
    if (missing) return f.fail(error('invalid_config', `Setup is incomplete: ${missing} is missing.`));
    bag.after(o.timing?.overallMs ?? 600_000, () => f.fail(error('timeout', 'The connection took too long.' + TRY_AGAIN)));

    // Synchronous, still inside the click: nothing has been awaited yet.
    if (!resume && (!wanted || usable(wanted) == 'popup') && !setupWindow.openBlank()) {
      return f.fail(await whyBlocked());
    }
    f.set({ status: 'creating' }); // (resumed: reading the session back)
    const session = (f.session = await (resume ? request(f, resume.sessionId) : request(f, undefined, createBody())));
    const outcome = outcomeOf(session); // (created: e.g. completed at once, an auth config already existed)
    if (outcome) return f.set(outcome);
    if (resume) return confirmation.returned(); // back from a redirect: the return itself is the hint
    if (!checkSetupUrl(session.url, o.setupOrigins)) return f.fail(invalidSession());
    const mode = usable(toUiMode(wanted || session.ui_mode));
    if (mode != 'popup') await loadModes(); // (the in-page and redirect modes' code loads on demand)
    f.set({ status: 'waiting', mode });
    if (bag.released) return; // a statechange listener cancelled or disposed the flow

    if (mode != 'redirect') {
      listenForHints(bag, flowState, callbackOrigin, setupWindow.own, confirmation.hint);
      // Timed by the server's own clock (a client's may be off by hours), from the create answer.
      confirmation.expiry(Date.parse(session.expires_at) - (Date.parse(session.created_at) || Date.now()));
      if (!o.callbackUrl) confirmation.poll(); // no callback page will tell us: ask the backend now and then
    }
    setupWindow.show(session, mode, flowState);
  };
  start().catch((e) => f.fail(isError(e) ? e : error('network', NETWORK)));

  return {
    get state() {
      return f.state;
    },
    done,
    cancel: () => f.set({ status: 'cancelled', reason: 'cancelled' }),
    dispose: bag.release,
  };
}
