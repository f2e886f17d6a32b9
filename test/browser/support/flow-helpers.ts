/** Small helpers shared by the flow engine's browser tests. */
import sinon from 'sinon';
import { waitUntil } from '@open-wc/testing';
import { startConnectFlow, type ConnectFlowOptions, type FlowState, type FrameEvents, type FrameHost } from '../../../src/flow/index.js';
import { STATE_PARAM } from '../../../src/shared/protocol.js';
import type { CreateSessionBody } from '../../../src/shared/session.js';
import { CALLBACK_PAGE, scenario, type Scenario } from './backend.js';

/** Fakes the timers and Date the engine uses (not the event loop: fetch, messages and channels stay real). */
export const fakeTimers = () =>
  sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

/** Collects every state a flow reports, and lets a test await one. */
export function recorder() {
  const states: FlowState[] = [];
  const waiters: Array<{ status: string; resolve: (s: FlowState) => void }> = [];
  return {
    states,
    onStateChange(state: FlowState) {
      states.push(state);
      for (const w of waiters.splice(0)) {
        if (w.status === state.status) w.resolve(state);
        else waiters.push(w);
      }
    },
    /** Resolves with the first state of that status (already seen, or the next one). */
    next<S extends FlowState['status']>(status: S): Promise<Extract<FlowState, { status: S }>> {
      const seen = states.find((s) => s.status === status);
      if (seen) return Promise.resolve(seen as Extract<FlowState, { status: S }>);
      return new Promise((resolve) => waiters.push({ status, resolve: resolve as (s: FlowState) => void }));
    },
    statuses: () => states.map((s) => s.status),
  };
}

/** Messages the test page receives, so a test can wait until one was delivered (and handled by
 *  the flow, whose listener was added earlier and so runs first). */
export function nextMessage(filter: (e: MessageEvent) => boolean = () => true): Promise<MessageEvent> {
  return new Promise((resolve) => {
    const onMessage = (e: MessageEvent) => {
      if (!filter(e)) return;
      removeEventListener('message', onMessage);
      resolve(e);
    };
    addEventListener('message', onMessage);
  });
}

/** A stand-in popup window for tests that only look at what the engine does to it. */
export function fakePopup() {
  const navigations: string[] = [];
  const popup = {
    closed: false,
    closeCalls: 0,
    navigations,
    location: {
      replace(url: string) {
        navigations.push(url);
      },
      set href(url: string) {
        navigations.push(url);
      },
    },
    close() {
      popup.closeCalls++;
      popup.closed = true;
    },
    postMessage() {},
  };
  return popup;
}

/** Stubs `window.open` to return a fake popup (see `fakePopup`), and returns that popup. */
export function stubPopup() {
  const popup = fakePopup();
  sinon.stub(window, 'open').returns(popup as unknown as Window);
  return popup;
}

/** What a session patch needs to read as completed with an auth config. */
export const COMPLETED = { status: 'completed', auth_config: { object: 'provider.auth_config', id: 'pac_1' } };

/** A host `createSession` that answers a pending session and keeps the body it was sent,
 *  and so the flow's state (from its `redirect_url`). */
export function recordingCreate() {
  let sent: CreateSessionBody | undefined;
  return {
    createSession: async (body: CreateSessionBody) => {
      sent = body;
      return pendingSession(body);
    },
    body: () => sent!,
    state: () => new URL(sent!.redirect_url!).searchParams.get(STATE_PARAM)!,
  };
}

/** A pending session as a host's own createSession / getSession would resolve it (no HTTP, so a
 *  fake clock drives everything). Its url carries a client secret, as real ones do. */
export function pendingSession(body: Pick<CreateSessionBody, 'provider_id' | 'redirect_url'>, patch: Record<string, unknown> = {}) {
  return {
    object: 'provider.setup_session',
    id: 'pas_pending',
    status: 'pending',
    url: `${location.origin}/test/browser/support/setup.html?client_secret=pas_secret_xyz`,
    provider_id: body.provider_id,
    ui_mode: 'popup',
    redirect_url: body.redirect_url ?? null,
    auth_config: null,
    expires_at: new Date(Date.now() + 30 * 60_000).toISOString(),
    ...patch,
  };
}

/** A promise the test settles by hand. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A FrameHost that records what the engine asks of it; `real` also shows a real iframe. */
export function fakeFrameHost(real = false) {
  const calls: Array<{ url: string; events: FrameEvents }> = [];
  let closed = 0;
  let iframe: HTMLIFrameElement | undefined;
  const host: FrameHost = {
    open(url, events) {
      calls.push({ url, events });
      if (real) {
        iframe = document.createElement('iframe');
        iframe.addEventListener('load', () => events.onLoad());
        iframe.src = url;
        document.body.append(iframe);
      }
      return {
        get window() {
          return iframe?.contentWindow ?? null;
        },
        close() {
          closed++;
          iframe?.remove();
        },
      };
    },
  };
  return { host, calls, closedCount: () => closed };
}

/** Resolves once `popup` shows `url`. A popup opens blank in the click (the session does not
 *  exist yet, or, in a frame of another origin, so that it can close itself) and is sent on. */
export const popupShows = (popup: Window, url: string) =>
  waitUntil(() => popup.location.href === url, `the popup shows ${url}`);

/** A popup flow (window.open stubbed with a fake popup) on a scripted backend whose session has
 *  `session`'s fields, once it is waiting; `options` replace the defaults. */
export async function waitingPopupFlow(session?: Record<string, unknown>, options: Partial<ConnectFlowOptions> = {}) {
  const backend = await scenario({ session });
  const popup = fakePopup();
  sinon.stub(window, 'open').returns(popup as unknown as Window);
  const rec = recorder();
  const flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, onStateChange: rec.onStateChange, ...options });
  await rec.next('waiting');
  return { backend, popup, rec, flow };
}

/** How many GETs (session reads) the backend has received. (Not when the engine has the answer:
 *  for that, see `answersRead`.) */
export const getCount = async (backend: Scenario) => (await backend.read()).requests.filter((r) => r.method === 'GET').length;

/** The answers the engine has read, and acted on, from its reads of `backend` (GET
 *  {endpoint}/{id}), in order. Tests that fake timers need this before they tick: the backend
 *  recording a request says nothing of when its answer arrives, and an answer acted on late
 *  arms the next timer late (a CI run in Chromium once waited for a poll never due). Each call
 *  does real I/O, so `while ((await answers()).length < n);` yields to the event loop. Call it
 *  before the reads it collects are sent. */
export function answersRead(backend: Scenario) {
  const bodies = sinon.spy(Response.prototype, 'json');
  return async () => {
    const reads = bodies.getCalls().filter((call) => new URL(call.thisValue.url).pathname.startsWith(`${backend.endpoint}/`));
    const answers = await Promise.all(reads.map((call) => call.returnValue.catch(() => undefined)));
    await backend.read(); // real I/O: what the engine does with those answers (microtasks) is done by then
    return answers as any[];
  };
}
