/** Shared test tools: a scripted host backend (the element's createSession/getSession
 *  properties), a window.open spy, and waiting for the element's events. */
import { html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { AuthConfig, AuthMethod, CreateSessionBody, SetupSession } from '../../../src/shared/session.js';
import type { FlowState } from '../../../src/flow/types.js';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import type { StateChangeEvent } from '../../../src/element/events.js';
import { STATE_PARAM } from '../../../src/shared/protocol.js';
import { recordKey } from '../../../src/flow/redirect-store.js';
import '../../../src/element/define.js';

export const SETUP_PAGE = new URL('setup.html', import.meta.url).href;
/** The host's callback page, running the real callback script (src/callback/index.ts). */
export const CALLBACK_PAGE = new URL('../support/callback.html', import.meta.url).href;

const NOW = '2026-01-01T00:00:00.000Z';

const authMethod: AuthMethod = {
  object: 'provider.capabilities.auth_method',
  id: 'pam_test',
  type: 'oauth',
  key: 'oauth2',
  name: 'OAuth 2.0',
  description: 'Authenticate using OAuth 2.0',
  capabilities: {},
  input_schema: { type: 'json_schema', schema: {} },
  output_schema: { type: 'json_schema', schema: {} },
  scopes: [],
  provider_id: 'pro_github',
  provider_specification_id: 'psp_test',
  created_at: NOW,
  updated_at: NOW,
};

let sessionCount = 0;

/** A pending session as the upstream API shapes it. */
export function makeSession(body: CreateSessionBody, uiMode = 'popup', authType: AuthMethod['type'] = 'oauth'): SetupSession {
  const id = `pas_test${++sessionCount}`;
  return {
    object: 'provider.setup_session',
    id,
    type: 'auth_only',
    status: 'pending',
    url: `${SETUP_PAGE}?client_secret=pas_secret_${id}`,
    name: body.name ?? null,
    description: body.description ?? null,
    metadata: body.metadata ?? null,
    provider_id: body.provider_id,
    auth_method: { ...authMethod, type: authType },
    deployment: null,
    credentials: null,
    auth_config: null,
    config: null,
    ui_mode: uiMode,
    redirect_url: body.redirect_url ?? null,
    created_at: NOW,
    updated_at: NOW,
    expires_at: new Date(Date.now() + 30 * 60_000).toISOString(),
  };
}

/**
 * A host backend in memory. `hold()` makes the next createSession wait for `release()`;
 * `complete(id)` is the user finishing setup (the session gets its auth config).
 */
export function fakeBackend(uiMode = 'popup', authType: AuthMethod['type'] = 'oauth') {
  const sessions = new Map<string, SetupSession>();
  let gate: Promise<void> = Promise.resolve();
  let release = () => {};
  const backend = {
    sessions,
    createSession: sinon.spy(async (body: CreateSessionBody, _signal: AbortSignal): Promise<unknown> => {
      await gate;
      const session = makeSession(body, uiMode, authType);
      sessions.set(session.id, session);
      return structuredClone(session);
    }),
    getSession: sinon.spy(async (id: string, _signal: AbortSignal): Promise<unknown> => {
      const session = sessions.get(id);
      if (!session) throw new Error(`no session ${id}`);
      return structuredClone(session);
    }),
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release() {
      release();
    },
    /** The only session created so far. */
    get session(): SetupSession {
      const [only, ...more] = sessions.values();
      if (!only || more.length) throw new Error(`expected one session, have ${sessions.size}`);
      return only;
    },
    complete(id: string): AuthConfig {
      const session = sessions.get(id)!;
      const authConfig: AuthConfig = {
        object: 'provider.auth_config',
        id: `pac_for_${id}`,
        type: 'oauth',
        source: 'setup_session',
        status: 'active',
        provider_id: session.provider_id,
        name: null,
        description: null,
        metadata: session.metadata ?? {},
        deployment_preview: null,
        credentials: null,
        auth_method: authMethod,
        created_at: NOW,
        updated_at: NOW,
      };
      sessions.set(id, { ...session, status: 'completed', auth_config: authConfig });
      return authConfig;
    },
  };
  return backend;
}

type OpenSpy = sinon.SinonSpy<Parameters<typeof window.open>, Window | null>;

/**
 * Spies on window.open in every test of the calling suite, then closes every window it opened
 * and restores sinon. `spy` is the current spy; `respy()` spies again after a test replaced
 * window.open (say, with a stub that blocks popups).
 */
export function spyOnWindowOpen() {
  const spies: OpenSpy[] = [];
  const opened = {
    get spy(): OpenSpy {
      return spies[spies.length - 1]!;
    },
    respy(): OpenSpy {
      spies.push(sinon.spy(window, 'open'));
      return opened.spy;
    },
  };
  beforeEach(() => {
    opened.respy();
  });
  afterEach(() => {
    for (const spy of spies.splice(0)) for (const win of spy.returnValues) win?.close();
    sinon.restore();
  });
  return opened;
}

/**
 * The hosted setup page sends the popup on to `url` (the callback page), as a provider does once
 * the user is done. The flow started the popup's navigation to the setup page; WebKit may commit
 * that one after a navigation started in the same tick, so this waits for the setup page first.
 */
export async function sendPopupOn(popup: Window, url: string): Promise<void> {
  await waitUntil(() => popup.location.href.startsWith(SETUP_PAGE) && popup.document.readyState === 'complete', 'the popup shows the setup page');
  popup.location.href = url;
}

/** Resolves with the next `statechange` whose state has `status` (listen before acting). */
export function nextState<S extends FlowState['status']>(el: MetorialConnect, status: S): Promise<Extract<FlowState, { status: S }>> {
  return new Promise((resolve) => {
    const listener = (event: StateChangeEvent) => {
      if (event.detail.state.status !== status) return;
      el.removeEventListener('statechange', listener);
      resolve(event.detail.state as Extract<FlowState, { status: S }>);
    };
    el.addEventListener('statechange', listener);
  });
}

/** Every outcome event the element fires, in order. */
export function recordOutcomes(target: EventTarget) {
  const seen: Array<{ type: string; target: EventTarget | null; detail: unknown }> = [];
  for (const type of ['connected', 'failed', 'cancelled'] as const)
    target.addEventListener(type, (event) => seen.push({ type, target: event.target, detail: (event as CustomEvent).detail }));
  return seen;
}

export const part = (el: MetorialConnect, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part=${name}]`)!;
export const statusText = (el: MetorialConnect) => part(el, 'status').textContent!.replace(/\s+/g, ' ').trim();
export const buttonText = (el: MetorialConnect) => part(el, 'button').textContent!.replace(/\s+/g, ' ').trim();

/** A popup-mode (or `uiMode`) element whose backend is `backend` (through the transport properties). */
export const popupElement = (
  backend: ReturnType<typeof fakeBackend>,
  { providerId = 'pro_github', providerName = 'GitHub', theme = 'auto', uiMode = 'popup' } = {},
) =>
  html`<metorial-connect
    provider-id=${providerId}
    provider-name=${providerName}
    theme=${theme}
    ui-mode=${uiMode}
    callback-url=${CALLBACK_PAGE}
    setup-origins=${location.origin}
    .createSession=${backend.createSession}
    .getSession=${backend.getSession}
  ></metorial-connect>`;

/**
 * The page as it loads again after a redirect-mode setup page: the flow's record in
 * sessionStorage and its state in the address. Returns the function that puts both back.
 */
export function backFromRedirect(sessionId: string, state: string, providerId = 'pro_github', session: Record<string, unknown> = {}): () => void {
  const key = recordKey({ providerId, session });
  sessionStorage.setItem(key, JSON.stringify({ state, sessionId, createdAt: Date.now(), returnUrl: location.href }));
  const pageUrl = location.href;
  const back = new URL(location.href);
  back.searchParams.set(STATE_PARAM, state);
  history.replaceState(history.state, '', back.href);
  return () => {
    sessionStorage.removeItem(key);
    history.replaceState(history.state, '', pageUrl);
  };
}
