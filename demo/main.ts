/**
 * The sales demo page: an integrations gallery of <metorial-connect> buttons, a switch for
 * the window mode and the theme, a live event log and the embed snippet for the current
 * settings. Rendered with lit-html, which escapes every interpolated value.
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '../src/element/define.js';
import type { CancelledEvent, ConnectedEvent, FailedEvent, StateChangeEvent } from '../src/element/events.js';
import type { AuthConfig, SetupSession } from '../src/shared/session.js';
import type { DemoConfig, DemoProvider } from './server.js';

type UiMode = 'popup' | 'iframe' | 'redirect';
type Theme = 'light' | 'dark';
type SnippetTab = 'html' | 'callback' | 'server';
type EventName = 'statechange' | 'connected' | 'failed' | 'cancelled';

interface LogEntry {
  id: number;
  at: string;
  event: EventName;
  providerId: string;
  summary: string;
  /** `failed`: the error code; `cancelled`: the reason; `statechange`: the status. */
  code?: string;
  /** The setup session's id, when the event carries one. */
  sessionId?: string;
  /** Shown expanded on demand; never contains the session's secret `url`. */
  detail?: unknown;
}

interface CardState {
  status: string;
}

const MODES: Array<{ value: UiMode; label: string; hint: string }> = [
  { value: 'popup', label: 'Popup', hint: 'The provider opens in a small window; your page stays put.' },
  { value: 'iframe', label: 'In-page', hint: 'The setup page opens in a dialog on your page.' },
  { value: 'redirect', label: 'Redirect', hint: 'The whole tab goes to the provider and comes back.' },
];

const STORAGE = {
  mode: 'metorial-connect-demo:ui-mode',
  theme: 'metorial-connect-demo:theme',
  // Session storage: survives the redirect round-trip, not a new visit.
  log: 'metorial-connect-demo:log',
  connections: 'metorial-connect-demo:connections',
} as const;

const LOG_LIMIT = 200;
const ENDPOINT = '/api/setup-sessions';
const CALLBACK_URL = new URL('/callback.html', location.origin).href;
// Where the standalone bundles (vite.config.ts, dist/cdn/) are served from once published.
const CDN_BASE = 'https://unpkg.com/metorial-connect/dist/cdn';

// ---- state -----------------------------------------------------------------------------

const state = {
  config: null as DemoConfig | null,
  providers: null as DemoProvider[] | null,
  /** Plain-words problem with the demo itself (backend down, catalog failing). */
  problem: null as string | null,
  mode: readStored(localStorage, STORAGE.mode, ['popup', 'iframe', 'redirect'] as const) ?? 'popup',
  theme:
    readStored(localStorage, STORAGE.theme, ['light', 'dark'] as const) ??
    (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
  cards: {} as Record<string, CardState>,
  connections: readJson<Record<string, AuthConfig>>(sessionStorage, STORAGE.connections) ?? {},
  log: readJson<LogEntry[]>(sessionStorage, STORAGE.log) ?? [],
  snippetProviderId: null as string | null,
  snippetTab: 'html' as SnippetTab,
  copied: false,
};
let nextLogId = Math.max(0, ...state.log.map((entry) => entry.id)) + 1;

// ---- helpers ---------------------------------------------------------------------------

function readStored<T extends string>(storage: Storage, key: string, allowed: readonly T[]): T | null {
  const value = storage.getItem(key);
  return allowed.includes(value as T) ? (value as T) : null;
}

function readJson<T>(storage: Storage, key: string): T | null {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function persist(): void {
  sessionStorage.setItem(STORAGE.log, JSON.stringify(state.log));
  sessionStorage.setItem(STORAGE.connections, JSON.stringify(state.connections));
}

function providerName(id: string): string {
  return state.providers?.find((provider) => provider.id === id)?.name ?? id;
}

/** The session without its `url`, which carries a bearer secret and has no place in a log. */
function publicSession(session: SetupSession | undefined): Partial<SetupSession> | undefined {
  if (!session) return undefined;
  const { url: _secret, ...rest } = session;
  return rest;
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function addLog(entry: Omit<LogEntry, 'id' | 'at' | 'sessionId'>, session?: SetupSession): void {
  state.log.unshift({ id: nextLogId++, at: new Date().toISOString(), ...entry, ...(session && { sessionId: session.id }) });
  state.log.length = Math.min(state.log.length, LOG_LIMIT);
  persist();
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch {
    throw new Error('The demo server is not reachable. Is `npm start` still running?');
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || body === null) {
    throw new Error(body?.error?.message ?? `The demo server answered ${response.status} ${response.statusText}.`);
  }
  return body;
}

// ---- settings --------------------------------------------------------------------------

function setMode(mode: UiMode): void {
  state.mode = mode;
  localStorage.setItem(STORAGE.mode, mode);
  update();
}

function setTheme(theme: Theme): void {
  state.theme = theme;
  localStorage.setItem(STORAGE.theme, theme);
  update();
}

function resetDemo(): void {
  state.log = [];
  state.connections = {};
  state.cards = {};
  persist();
  update();
}

// ---- element events --------------------------------------------------------------------

function providerOf(event: Event): string {
  const target = event.target as Element | null;
  return target?.closest('metorial-connect')?.getAttribute('provider-id') ?? '';
}

document.addEventListener('statechange', (event: StateChangeEvent) => {
  const providerId = providerOf(event);
  const flowState = event.detail.state;
  state.cards[providerId] = { status: flowState.status };
  const mode = flowState.status === 'waiting' ? ` (${flowState.mode})` : '';
  addLog({
    event: 'statechange',
    providerId,
    code: flowState.status,
    summary: `${flowState.status}${mode}`,
    ...('session' in flowState && flowState.session && { detail: { session: publicSession(flowState.session) } }),
  }, 'session' in flowState ? flowState.session : undefined);
  update();
});

document.addEventListener('connected', (event: ConnectedEvent) => {
  const providerId = providerOf(event);
  const { authConfig, session } = event.detail;
  state.connections[providerId] = authConfig;
  state.cards[providerId] = { status: 'connected' };
  addLog({
    event: 'connected',
    providerId,
    summary: `auth config ${authConfig.id} (${authConfig.status})`,
    detail: { authConfig, session: publicSession(session) },
  }, session);
  update();
});

document.addEventListener('failed', (event: FailedEvent) => {
  const providerId = providerOf(event);
  const { error, session } = event.detail;
  // The element itself shows error.message next to its button.
  state.cards[providerId] = { status: 'failed' };
  addLog({
    event: 'failed',
    providerId,
    code: error.code,
    summary: `${error.code}: ${error.message}`,
    detail: { error, session: publicSession(session) },
  }, session);
  update();
});

document.addEventListener('cancelled', (event: CancelledEvent) => {
  const providerId = providerOf(event);
  const { reason, session } = event.detail;
  state.cards[providerId] = { status: 'cancelled' };
  addLog({
    event: 'cancelled',
    providerId,
    code: reason,
    summary: reason === 'closed' ? 'the user closed the window' : 'cancelled',
    ...(session && { detail: { session: publicSession(session) } }),
  }, session);
  update();
});

// ---- snippet ---------------------------------------------------------------------------

function snippetProvider(): DemoProvider | undefined {
  const providers = state.providers ?? [];
  return providers.find((provider) => provider.id === state.snippetProviderId) ?? providers[0];
}

function htmlSnippet(): string {
  const provider = snippetProvider();
  const attributes: Array<[string, string]> = [
    ['provider-id', provider?.id ?? 'pro_…'],
    ['provider-name', provider?.name ?? 'GitHub'],
    ['endpoint', ENDPOINT],
    ['ui-mode', state.mode],
    ['callback-url', CALLBACK_URL],
    ['theme', state.theme],
  ];
  if (state.config?.setupOrigin) attributes.splice(5, 0, ['setup-origins', state.config.setupOrigin]);
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    `<script type="module" src="${CDN_BASE}/metorial-connect.js"></script>`,
    '',
    '<metorial-connect',
    ...attributes.map(([name, value]) => `  ${name}="${escape(value)}"`),
    '></metorial-connect>',
  ].join('\n');
}

function callbackSnippet(): string {
  return [
    `<!-- ${new URL(CALLBACK_URL).pathname}: the page the provider sends the user back to. -->`,
    '<!doctype html>',
    '<meta charset="utf-8" />',
    '<meta name="referrer" content="no-referrer" />',
    '<title>Connecting…</title>',
    `<script type="module" src="${CDN_BASE}/callback.js"></script>`,
  ].join('\n');
}

function serverSnippet(): string {
  return [
    "import express from 'express';",
    "import { connectMiddleware } from 'metorial-connect/server';",
    '',
    'const app = express();',
    '// Holds the secret key; the browser only ever talks to this route.',
    "app.use('/api/setup-sessions', connectMiddleware({",
    '  apiKey: process.env.METORIAL_API_KEY,',
    `  allowedRedirectOrigins: ['${location.origin}'],`,
    '}));',
  ].join('\n');
}

async function copySnippet(): Promise<void> {
  const text = SNIPPETS[state.snippetTab].code();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API refused (http origin, no permission): select the text for Ctrl+C instead.
    const code = document.querySelector('#snippet-code');
    if (code) getSelection()?.selectAllChildren(code);
  }
  state.copied = true;
  update();
  setTimeout(() => {
    state.copied = false;
    update();
  }, 1600);
}

const SNIPPETS: Record<SnippetTab, { label: string; file: string; note: string; code: () => string }> = {
  html: {
    label: 'Element',
    file: 'index.html',
    note: 'Drop this into any page. The element talks only to your backend route.',
    code: htmlSnippet,
  },
  callback: {
    label: 'Callback',
    file: 'callback.html',
    note: 'A tiny page on your origin that hands the result back to the element.',
    code: callbackSnippet,
  },
  server: {
    label: 'Server',
    file: 'server.js',
    note: 'Your backend keeps the secret API key; the browser never sees it.',
    code: serverSnippet,
  },
};

// ---- views -----------------------------------------------------------------------------

const brandMark = html`<svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
  <rect width="32" height="32" rx="9" fill="currentColor" />
  <path d="M9 22V10l7 7 7-7v12" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" />
</svg>`;

function headerView(): TemplateResult {
  const live = state.config?.mode === 'live';
  return html`<header class="topbar">
    <div class="brand">
      ${brandMark}
      <span class="brand-name">Metorial <strong>Connect</strong></span>
      ${state.config
        ? html`<span class="pill ${live ? 'pill-live' : 'pill-sandbox'}" title=${live ? 'Talking to the real Metorial API' : 'Local sandbox: nothing leaves this machine'}
            >${live ? 'Live API' : 'Sandbox'}</span
          >`
        : nothing}
    </div>
    <div class="controls">
      <div class="segmented" role="radiogroup" aria-label="How the setup page opens">
        ${MODES.map(
          ({ value, label, hint }) => html`<label class="segment" title=${hint}>
            <input type="radio" name="ui-mode" .value=${value} .checked=${state.mode === value} @change=${() => setMode(value)} />
            <span>${label}</span>
          </label>`,
        )}
      </div>
      <button
        class="icon-button"
        type="button"
        id="theme-toggle"
        aria-pressed=${state.theme === 'dark' ? 'true' : 'false'}
        @click=${() => setTheme(state.theme === 'dark' ? 'light' : 'dark')}
      >
        ${state.theme === 'dark' ? sunIcon : moonIcon}<span>${state.theme === 'dark' ? 'Light' : 'Dark'}</span>
      </button>
    </div>
  </header>`;
}

const moonIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5Z" fill="currentColor" /></svg>`;
const sunIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <circle cx="12" cy="12" r="4.5" fill="currentColor" />
  <path d="M12 2v2.5M12 19.5V22M2 12h2.5M19.5 12H22M4.9 4.9l1.8 1.8M17.3 17.3l1.8 1.8M4.9 19.1l1.8-1.8M17.3 6.7l1.8-1.8" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
</svg>`;

function logoView(provider: DemoProvider): TemplateResult {
  const monogram = html`<span class="logo logo-monogram" aria-hidden="true">${provider.name.slice(0, 1).toUpperCase()}</span>`;
  if (!provider.logoUrl) return monogram;
  return html`<img
    class="logo"
    src=${provider.logoUrl}
    alt=""
    width="44"
    height="44"
    @error=${(event: Event) => (event.target as HTMLImageElement).replaceWith(Object.assign(document.createElement('span'), {
      className: 'logo logo-monogram',
      textContent: provider.name.slice(0, 1).toUpperCase(),
    }))}
  />`;
}

function connectionView(authConfig: AuthConfig): TemplateResult {
  const scopes = authConfig.auth_method?.scopes ?? [];
  return html`<dl class="connection" aria-label="Connection details">
    <div><dt>Auth config</dt><dd><code>${authConfig.id}</code></dd></div>
    <div><dt>Name</dt><dd>${authConfig.name ?? '—'}</dd></div>
    <div><dt>Status</dt><dd><span class="status-dot"></span>${authConfig.status}</dd></div>
    <div><dt>Created</dt><dd>${formatDate(authConfig.created_at)}</dd></div>
    <div class="wide">
      <dt>Scopes</dt>
      <dd>${scopes.length ? scopes.map((scope) => html`<code class="scope">${scope.scope}</code>`) : '—'}</dd>
    </div>
  </dl>`;
}

function cardView(provider: DemoProvider): TemplateResult {
  const authConfig = state.connections[provider.id];
  const card = state.cards[provider.id];
  const status = authConfig && (!card || card.status === 'connected' || card.status === 'idle') ? 'connected' : (card?.status ?? 'idle');
  return html`<article class="card ${status === 'connected' ? 'is-connected' : ''}" data-provider-id=${provider.id} data-state=${status}>
    <div class="card-head">
      ${logoView(provider)}
      <div class="card-title">
        <h3>${provider.name}</h3>
        ${status === 'connected'
          ? html`<span class="badge badge-connected">Connected</span>`
          : status === 'failed'
            ? html`<span class="badge badge-failed">Failed</span>`
            : nothing}
      </div>
      <button class="link-button card-embed" type="button" @click=${() => showSnippetFor(provider.id)}>&lt;/&gt; Embed</button>
    </div>
    <p class="card-description">${provider.description}</p>
    ${provider.scopes.length
      ? html`<ul class="scopes" aria-label="Permissions requested">
          ${provider.scopes.map((scope) => html`<li title=${`${scope.scope}: ${scope.description}`}>${scope.name}</li>`)}
        </ul>`
      : nothing}
    ${authConfig && status === 'connected' ? connectionView(authConfig) : nothing}
    <div class="card-actions">
      <metorial-connect
        provider-id=${provider.id}
        provider-name=${provider.name}
        endpoint=${ENDPOINT}
        ui-mode=${state.mode}
        callback-url=${CALLBACK_URL}
        setup-origins=${state.config?.setupOrigin ?? ''}
        theme=${state.theme}
        name=${`${provider.name} for the demo user`}
        description="Connected from the metorial-connect sales demo"
        metadata=${JSON.stringify({ source: 'metorial-connect-demo', provider_key: provider.key })}
      ></metorial-connect>
    </div>
  </article>`;
}

function showSnippetFor(providerId: string): void {
  state.snippetProviderId = providerId;
  state.snippetTab = 'html';
  update();
  document.querySelector('#embed')?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}

function galleryView(): TemplateResult {
  if (state.providers === null && !state.problem) {
    return html`<div class="gallery-empty" aria-busy="true">Loading integrations…</div>`;
  }
  if (!state.providers?.length) {
    return html`<div class="gallery-empty">${state.problem ? 'The integrations are unavailable: see the message above.' : 'No integrations to show.'}</div>`;
  }
  return html`<div class="gallery">${repeat(state.providers, (provider) => provider.id, cardView)}</div>`;
}

function snippetView(): TemplateResult {
  const snippet = SNIPPETS[state.snippetTab];
  return html`<section class="panel" id="embed" aria-labelledby="embed-title">
    <div class="panel-head">
      <h2 id="embed-title">Embed it</h2>
      <div class="tabs" role="tablist" aria-label="Snippet">
        ${(Object.keys(SNIPPETS) as SnippetTab[]).map(
          (tab) => html`<button role="tab" type="button" aria-selected=${state.snippetTab === tab ? 'true' : 'false'} @click=${() => ((state.snippetTab = tab), update())}>
            ${SNIPPETS[tab].label}
          </button>`,
        )}
      </div>
    </div>
    ${state.snippetTab === 'html' && (state.providers?.length ?? 0) > 1
      ? html`<label class="field">
          <span>Provider</span>
          <select @change=${(event: Event) => ((state.snippetProviderId = (event.target as HTMLSelectElement).value), update())}>
            ${state.providers!.map((provider) => html`<option .value=${provider.id} ?selected=${provider.id === snippetProvider()?.id}>${provider.name}</option>`)}
          </select>
        </label>`
      : nothing}
    <div class="code-wrap">
      <div class="code-bar">
        <span>${snippet.file}</span>
        <button class="copy-button" type="button" id="copy-snippet" @click=${copySnippet}>${state.copied ? 'Copied ✓' : 'Copy'}</button>
      </div>
      <pre><code id="snippet-code">${snippet.code()}</code></pre>
    </div>
    <p class="panel-note">${snippet.note}</p>
  </section>`;
}

function logView(): TemplateResult {
  return html`<section class="panel log-panel" aria-labelledby="log-title">
    <div class="panel-head">
      <h2 id="log-title">Event log <span class="count">${state.log.length}</span></h2>
      <button class="link-button" type="button" id="clear-log" ?disabled=${state.log.length === 0} @click=${() => ((state.log = []), persist(), update())}>
        Clear
      </button>
    </div>
    ${state.log.length === 0
      ? html`<p class="log-empty">Events from the buttons show up here as they happen.</p>`
      : html`<ol class="log" aria-live="polite">
          ${repeat(
            state.log,
            (entry) => entry.id,
            (entry) => html`<li class="log-entry log-${entry.event}" data-event=${entry.event} data-provider-id=${entry.providerId} data-code=${entry.code ?? ''} data-session-id=${entry.sessionId ?? ''}>
              <div class="log-line">
                <time datetime=${entry.at}>${formatTime(entry.at)}</time>
                <span class="log-event">${entry.event}</span>
                <span class="log-provider">${providerName(entry.providerId)}</span>
              </div>
              <div class="log-summary">${entry.summary}</div>
              ${entry.detail !== undefined
                ? html`<details>
                    <summary>${entry.event === 'connected' ? 'Auth config' : 'Details'}</summary>
                    <pre>${JSON.stringify(entry.detail, null, 2)}</pre>
                  </details>`
                : nothing}
            </li>`,
          )}
        </ol>`}
  </section>`;
}

function view(): TemplateResult {
  const mode = MODES.find((m) => m.value === state.mode)!;
  const connectedCount = Object.keys(state.connections).length;
  return html`${headerView()}
    <main class="layout">
      ${state.problem ? html`<div class="problem" role="alert"><strong>Something is wrong with the demo.</strong> ${state.problem}</div>` : nothing}
      <section class="hero">
        <div>
          <h1>Integrations</h1>
          <p>Let your users connect the tools they already use, in one click. Each button below is a <code>&lt;metorial-connect&gt;</code> element.</p>
        </div>
        <div class="hero-meta">
          <span class="mode-hint"><strong>${mode.label}:</strong> ${mode.hint}</span>
          <span>${connectedCount} connected${connectedCount ? html` · <button class="link-button" type="button" @click=${resetDemo}>Reset demo</button>` : nothing}</span>
        </div>
      </section>
      <div class="columns">
        <section class="gallery-section" aria-label="Integrations">${galleryView()}</section>
        <aside class="side">${snippetView()} ${logView()}</aside>
      </div>
    </main>`;
}

const root = document.querySelector<HTMLElement>('#app')!;

function update(): void {
  document.documentElement.dataset.theme = state.theme;
  document.documentElement.style.colorScheme = state.theme;
  render(view(), root);
}

// ---- start -----------------------------------------------------------------------------

async function load(): Promise<void> {
  update();
  try {
    state.config = await getJson<DemoConfig>('/api/config');
  } catch (error) {
    state.problem = (error as Error).message;
    state.providers = [];
    update();
    return;
  }
  try {
    const { providers } = await getJson<{ providers: DemoProvider[] }>('/api/providers');
    state.providers = providers;
  } catch (error) {
    state.problem = `The list of integrations could not be loaded: ${(error as Error).message}`;
    state.providers = [];
  }
  update();
}

void load();
