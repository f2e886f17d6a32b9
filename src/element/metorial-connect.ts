import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { BACKEND, BLOCKED } from '../flow/errors.js';
import { resumeConnectFlow, startConnectFlow } from '../flow/index.js';
import type {
  ConnectError,
  ConnectFlow,
  ConnectFlowOptions,
  FlowState,
  FrameEvents,
  FrameHandle,
  SessionFields,
  UiMode,
} from '../flow/types.js';
import { STATE_PARAM } from '../shared/protocol.js';
import type { CreateSessionBody } from '../shared/session.js';
import type { MetorialConnectEventMap } from './events.js';
import { langOf, unwatchLang, watchLang } from './lang.js';
import { EN, fill, translation, type MetorialConnectMessages, type Translation } from './messages.js';
import { SPINNER } from './spinner.js';
import { preloadViews, withViews } from './views-loader.js';

export type { MetorialConnectMessages } from './messages.js';

const UI_MODES: readonly string[] = ['popup', 'iframe', 'redirect'] satisfies UiMode[];

/** The "Connected" status's 16px stroked check mark, hidden from assistive technology (the
 *  text next to it says it). */
const CHECK_MARK = html`
  <svg viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true">
    <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2" />
  </svg>
`;

/** Shared by every idle element (a thousand elements need no thousand copies). */
const IDLE: FlowState = { status: 'idle' };

/** One flow's identity: late callbacks of a replaced or disposed flow are dropped. */
interface Run {
  live: boolean;
}

/**
 * @tag metorial-connect
 * @summary A button that connects the user's account at a third-party provider through a
 * Metorial provider setup session (popup, in-page dialog or full-page redirect).
 *
 * Speaks the language of the closest `lang` (its own, an ancestor's, across shadow roots);
 * English built in, de/fr/es/pt-BR/ja/ar loaded on demand; `messages` overrides any string.
 *
 * Events bubble and are not composed: listen on the element or an ancestor in its tree.
 * Every flow ends in exactly one of `connected`, `failed`, `cancelled`.
 *
 * @fires {ConnectedEvent} connected - `{ session, authConfig }`: the account is connected.
 * @fires {FailedEvent} failed - `{ error: { code, message }, session? }`: the flow failed.
 * @fires {CancelledEvent} cancelled - `{ reason, session? }`: the user closed the window or dialog, or `cancel()` was called.
 * @fires {StateChangeEvent} statechange - `{ state }`: every state of the flow.
 *
 * @slot - The button's label (default: the `label` attribute).
 *
 * @csspart button - The main button (Connect / Try again / Reconnect).
 * @csspart status - The live region with progress and outcome.
 * @csspart dialog - The modal dialog of the iframe mode (in the DOM only while it is open).
 * @csspart frame - The iframe showing the setup page.
 * @csspart pop-out - The dialog's "Open in a new window instead" button.
 * @csspart continue - The dialog's "Continue to {provider}" button: an OAuth session's consent
 * cannot be framed, so in-page mode takes it to a popup.
 *
 * @cssprop --metorial-connect-accent - Main button and focus ring colour.
 * @cssprop --metorial-connect-on-accent - Text colour on the accent.
 * @cssprop --metorial-connect-fg - Text colour.
 * @cssprop --metorial-connect-bg - Background of the element and the dialog.
 * @cssprop --metorial-connect-error - Colour of an error message.
 * @cssprop --metorial-connect-success - Colour of the "Connected" message.
 * @cssprop --metorial-connect-radius - Corner radius of buttons and dialog.
 * @cssprop --metorial-connect-font - Font shorthand (default: inherited).
 */
export class MetorialConnect extends LitElement {
  /** Register the element; a no-op when the tag is taken or there is no registry (Node). */
  static define(tag = 'metorial-connect', registry: CustomElementRegistry | undefined = globalThis.customElements): void {
    if (registry && !registry.get(tag)) registry.define(tag, this);
  }

  // Logical properties (inline/block) so the layout mirrors under dir="rtl".
  // One stylesheet (the spinner folded in): each element adopts one sheet, not two.
  static override styles = css`
    ${SPINNER}
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
      padding: 0.5em;
      border-radius: var(--metorial-connect-radius, 0.5em);
      color-scheme: light dark;
      font: var(--metorial-connect-font, inherit);
      color: var(--metorial-connect-fg, light-dark(#1f2937, #f3f4f6));
      background: var(--metorial-connect-bg, light-dark(#fff, #111827));
    }
    :host([theme='light']) {
      color-scheme: light;
    }
    :host([theme='dark']) {
      color-scheme: dark;
    }
    :host([hidden]) {
      display: none;
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 0.5em;
      padding: 0.5em 1em;
      font: inherit;
      color: inherit;
      background: none;
      border: 1px solid var(--metorial-connect-accent, light-dark(#4f46e5, #a5b4fc));
      border-radius: var(--metorial-connect-radius, 0.5em);
      cursor: pointer;
    }
    [part='button'] {
      color: var(--metorial-connect-on-accent, light-dark(#fff, #111827));
      background: var(--metorial-connect-accent, light-dark(#4f46e5, #a5b4fc));
    }
    button:focus-visible {
      outline: 2px solid var(--metorial-connect-accent, light-dark(#4f46e5, #a5b4fc));
      outline-offset: 2px;
    }
    button:disabled {
      opacity: 0.6;
      cursor: not-allowed;
    }
    p {
      display: inline-flex;
      align-items: center;
      gap: 0.25em;
      margin: 0;
    }
    .failed {
      color: var(--metorial-connect-error, light-dark(#b91c1c, #fca5a5));
    }
    .connected {
      color: var(--metorial-connect-success, light-dark(#15803d, #86efac));
    }
  `;

  // Reactive properties without decorators (Lit's `static properties`): the decorator helpers
  // cost about half a kilobyte in the bundle. Each is declared, with its doc, below. A one-word
  // property's attribute is its own name (Lit's default).
  static override properties = {
    providerId: { attribute: 'provider-id' },
    providerName: { attribute: 'provider-name' },
    endpoint: {},
    uiMode: { attribute: 'ui-mode' },
    callbackUrl: { attribute: 'callback-url' },
    setupOrigins: { attribute: 'setup-origins' },
    providerDeploymentId: { attribute: 'provider-deployment-id' },
    providerAuthMethodId: { attribute: 'provider-auth-method-id' },
    providerAuthCredentialsId: { attribute: 'provider-auth-credentials-id' },
    name: {},
    description: {},
    metadata: {},
    label: {},
    disabled: { type: Boolean, reflect: true },
    theme: { reflect: true },
    messages: { attribute: false },
    createSession: { attribute: false },
    getSession: { attribute: false },
    flowState: { state: true, attribute: false },
    translated: { state: true, attribute: false },
  };

  private get button() {
    return this.renderRoot.querySelector<HTMLButtonElement>('[part=button]');
  }

  // Fields without initial values (unset: idle, English, not resumed): an initial
  // value is an assignment in the constructor, and for a reactive one a change to process, in
  // each of a thousand elements.
  /** The running flow's state; unset when idle. */
  private flowState?: FlowState;
  /** The built-in translation for the element's language; unset for English. */
  private translated?: Translation;
  private flow?: ConnectFlow;
  private run?: Run;
  private resumed?: boolean;
  /** Until when the backend asked to wait (it answered 429): the button starts nothing sooner. */
  private notBefore?: number;
  /** The `lang` the element speaks, resolved from itself and its ancestors. */
  private speaks?: string;

  // No initial values here either (and for `theme`/`disabled` none to reflect as attributes).
  // Unset means: empty, `auto`, not disabled.

  /** Provider to connect (the session's `provider_id`). Required. */
  declare providerId?: string;
  /** Display name of the provider, shown to the user; defaults to the provider id. */
  declare providerName?: string;
  /** Base URL of the host backend: `POST {endpoint}` creates a session, `GET {endpoint}/{id}` reads it. */
  declare endpoint?: string;
  /** `popup`, `iframe` or `redirect`; overrides the session's `ui_mode`. */
  declare uiMode?: string;
  /** A page on the host's origin that loads the callback script. */
  declare callbackUrl?: string;
  /** Origins a setup page may have, separated by spaces or commas; empty allows the API's. */
  declare setupOrigins?: string;
  /** Optional `provider_deployment_id` of the session. */
  declare providerDeploymentId?: string;
  /** Optional `provider_auth_method_id` of the session. */
  declare providerAuthMethodId?: string;
  /** Optional `provider_auth_credentials_id` of the session. */
  declare providerAuthCredentialsId?: string;
  /** Optional `name` of the session. */
  declare name?: string;
  /** Optional `description` of the session. */
  declare description?: string;
  /** Optional session `metadata` (copied onto the auth config): a JSON object in the attribute,
   *  or a plain object set as a property (as React 19 and Vue do). */
  declare metadata?: string | Record<string, unknown>;
  /** Text of the button when idle (default "Connect" in the element's language); the default slot replaces it. */
  declare label?: string;
  /** Disables the button. */
  declare disabled?: boolean;
  /** `light`, `dark`, or `auto` (the default: follows `prefers-color-scheme`). */
  declare theme?: 'light' | 'dark' | 'auto';
  /** Your own words for any of the element's strings, in place of the built-in ones. */
  declare messages?: Partial<MetorialConnectMessages>;
  /** Replaces `POST {endpoint}`: resolves with the created session. */
  declare createSession?: (body: CreateSessionBody, signal: AbortSignal) => Promise<unknown>;
  /** Replaces `GET {endpoint}/{id}`: resolves with the session. */
  declare getSession?: (id: string, signal: AbortSignal) => Promise<unknown>;

  override connectedCallback(): void {
    super.connectedCallback();
    preloadViews();
    watchLang(this);
    this.langChanged();
    // Moved with its dialog open: leaving the document took the dialog out of the top layer.
    // (Only a running flow has a dialog: an idle element does not look.)
    const dialog = this.flow && this.renderRoot.querySelector('dialog');
    if (dialog?.open && !dialog.matches(':modal')) {
      dialog.close(); // (its close event finds it open again, and dismisses nothing)
      dialog.showModal();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    unwatchLang(this);
    // A move (keyed reorder, portal) reconnects it at once: only an element still out of the
    // document after a microtask was removed, and stops its flow.
    queueMicrotask(() => this.isConnected || this.dispose());
  }

  /** Writes what only changes once the element is used, and resumes a redirect-mode flow. */
  override updated(changed: PropertyValues): void {
    // Written here rather than bound in the template: an idle element (most of a page of many)
    // then commits none of them. The markup starts as idle says: not busy, no status class, the
    // default slot. (`disabled` stays bound: server-rendered HTML, which no `updated` reaches,
    // must show a disabled button as disabled.)
    if (changed.has('flowState')) {
      const button = this.button!;
      button.ariaBusy = button.ariaDisabled = String(this.busy);
      // After an outcome the button says Reconnect / Try again, not the host's slotted label: a
      // slot with a name nothing is assigned to shows its own text (see render).
      button.querySelector('slot')!.name = this.replacesLabel ? 'replaced' : '';
      this.renderRoot.querySelector('[part=status]')!.className = this.status;
    }
    // Back from a redirect-mode setup page: resume, once the options are complete (a framework
    // may set the attributes after attaching the element) and only the flow this element started
    // (its record is stored under its options: the page's other elements find none and stay
    // idle; redirect-store.ts). An element that found none asks again after its next update,
    // until the state has left the address (the flow that owned it resumed). Never while it has a
    // flow of its own (running, or ended with its event still to come).
    if (this.resumed || this.flow) return;
    // (Only a page loaded back from a setup page has the flow's state in its address.
    // `document.URL` is a plain string; `location.search` costs more in each of many elements.)
    if (!document.URL.includes(STATE_PARAM)) {
      this.resumed = true;
      return;
    }
    const options = this.readOptions();
    if (typeof options !== 'string') this.resumed = this.follow(options, resumeConnectFlow);
  }

  /** Stop everything and report nothing more. */
  private dispose(): void {
    if (this.run) this.run.live = false;
    this.run = undefined;
    this.flow?.dispose();
    this.flow = undefined;
    this.flowState = undefined;
  }

  /** @internal A `lang` attribute changed somewhere on the page: speak the closest one. */
  langChanged(): void {
    const lang = langOf(this);
    if (lang === this.speaks) return;
    this.speaks = lang;
    // (English is no translation: an idle English element's `translated` stays unset, no change.)
    const found = translation(lang);
    if (found instanceof Promise) void found.then((loaded) => this.speaks === lang && (this.translated = loaded));
    else this.translated = found;
  }

  private onCancelClick(): void {
    this.cancel();
    this.button?.focus(); // the Cancel button is going away
  }

  private get status(): FlowState['status'] {
    return this.flowState?.status ?? 'idle';
  }

  // (Comparisons, not a pattern: each idle element asks both while it renders.)
  private get busy(): boolean {
    const { status } = this;
    return status === 'creating' || status === 'waiting' || status === 'confirming';
  }

  /** After an outcome the button offers to start again, in the element's own words. */
  private get replacesLabel(): boolean {
    const { status } = this;
    return status === 'connected' || status === 'failed';
  }

  /** One of the element's strings: the host's own, else the language's, else English. */
  private t(key: keyof typeof EN): string {
    return this.messages?.[key] ?? this.translated?.[key] ?? EN[key];
  }

  private get provider(): string {
    return this.providerName || this.providerId || '';
  }

  /** Words for an error: the host's own for its code, else the backend's own message (it knows
   *  best what went wrong; BACKEND is the engine's when it gave none), else the language's;
   *  English is the engine's message. */
  private errorText({ code, message, retryAfter }: ConnectError): string {
    const text =
      this.messages?.[code] ||
      (code === 'backend_error' && message !== BACKEND ? message : (this.translated?.[code] ?? message));
    // (`rate_limited`: how long to wait. Only its words have the placeholder.)
    return text.replace('{seconds}', String(retryAfter));
  }

  /** Run a flow from `start` (started now or resumed) and mirror it: state → render and
   *  `statechange`, outcome → its one terminal event. False when `start` had no flow to run. */
  private follow(options: ConnectFlowOptions, start: (options: ConnectFlowOptions) => ConnectFlow | null): boolean {
    // One flow at a time: a flow still running (say, a resumed one) is dropped silently.
    if (this.run) this.run.live = false;
    this.flow?.dispose();
    const run: Run = { live: true };
    this.run = run;
    const flow = start({ ...options, onStateChange: (state) => this.run === run && this.show(state) });
    if (!flow) return false;
    this.flow = flow;
    void flow.done.then((outcome) => {
      if (this.flow === flow) this.flow = undefined;
      if (!run.live) return; // disposed: nothing more
      // The event is the outcome's status; its detail, the rest: { session, authConfig },
      // { error, session? } or { reason, session? }.
      if (outcome.status === 'failed') this.notBefore = Date.now() + ~~outcome.error.retryAfter! * 1e3;
      const { status, ...detail } = outcome;
      this.emit(status, detail as MetorialConnectEventMap[typeof status]['detail']);
    });
    return true;
  }

  private show(state: FlowState): void {
    this.flowState = state;
    this.emit('statechange', { state });
  }

  /** The flow's options from attributes and properties, or what is wrong with them. */
  private readOptions(): ConnectFlowOptions | string {
    if (!this.providerId) return 'Set the provider-id attribute to the provider to connect.';
    if (!this.endpoint && !(this.createSession && this.getSession))
      return "Set the endpoint attribute to your backend's URL.";
    if (this.uiMode && !UI_MODES.includes(this.uiMode))
      return 'ui-mode must be popup, iframe or redirect.';
    let metadata: unknown;
    if (this.metadata) {
      try {
        metadata = typeof this.metadata === 'string' ? JSON.parse(this.metadata) : this.metadata;
      } catch {
        return 'The metadata attribute is not valid JSON.';
      }
      if (typeof metadata !== 'object' || !metadata || Array.isArray(metadata))
        return 'The metadata attribute must be a JSON object.';
    }
    const session = Object.fromEntries(
      Object.entries({
        name: this.name,
        description: this.description,
        metadata,
        provider_deployment_id: this.providerDeploymentId,
        provider_auth_method_id: this.providerAuthMethodId,
        provider_auth_credentials_id: this.providerAuthCredentialsId,
      }).filter(([, value]) => value !== undefined && value !== ''),
    ) as SessionFields;
    const setupOrigins = (this.setupOrigins ?? '').split(/[\s,]+/).filter(Boolean);
    return {
      providerId: this.providerId,
      endpoint: this.endpoint || undefined,
      uiMode: (this.uiMode || undefined) as UiMode | undefined,
      callbackUrl: this.callbackUrl || undefined,
      setupOrigins: setupOrigins.length ? setupOrigins : undefined,
      session,
      createSession: this.createSession,
      getSession: this.getSession,
      frameHost: { open: (url, events) => this.openFrame(url, events) },
      popupPlaceholder: (popup) => this.writePlaceholder(popup),
    };
  }

  /** popupPlaceholder: called in the click, with the blank popup. */
  private writePlaceholder(popup: Window): void {
    const options = {
      text: fill(this.t('placeholder'), this.provider),
      lang: this.speaks || 'en',
      dir: getComputedStyle(this).direction,
      theme: this.theme ?? 'auto',
    };
    withViews(
      (views) => views.writePlaceholder(popup, options, SPINNER.cssText),
      // Loaded late: only into a popup still blank. The flow reports `waiting` before it sends
      // the popup to the setup page, and writing into it then could cancel that navigation.
      () => !popup.closed && this.status === 'creating',
    );
  }

  /** FrameHost.open: the setup page in the modal dialog (dialog.ts), at once as a rule, else
   *  once it has loaded (the flow waits for the frame's load event either way). An empty `url`
   *  (an OAuth session) shows "Continue to {provider}", which takes the flow to a popup. */
  private openFrame(url: string, events: FrameEvents): FrameHandle {
    let dialog: FrameHandle | undefined;
    let closed = false;
    withViews(
      (views) => {
        dialog = views.openDialog(this.renderRoot as ShadowRoot, {
          url,
          t: (key) => fill(this.t(key), this.provider),
          blocked: this.errorText({ code: 'popup_blocked', message: BLOCKED }),
          events,
          onClosed: () => this.isConnected && this.button?.focus(),
        });
      },
      () => !closed && this.isConnected,
    );
    return {
      get window() {
        return dialog?.window ?? null;
      },
      close() {
        closed = true;
        dialog?.close();
      },
    };
  }

  private emit<K extends keyof MetorialConnectEventMap>(type: K, detail: MetorialConnectEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true })); // (not composed)
  }

  /** Start a flow, unless one is running or the element is disabled. Call it from a user
   *  gesture (a click handler): the popup opens inside this call. */
  connect(): void {
    // (Rate limited: its words say when to try again; a click sooner sends nothing.)
    if (this.disabled || this.busy || this.notBefore! > Date.now()) return;
    const options = this.readOptions();
    if (typeof options === 'string') {
      const error: ConnectError = { code: 'invalid_config', message: options };
      this.show({ status: 'failed', error });
      this.emit('failed', { error });
      return;
    }
    this.follow(options, startConnectFlow);
  }

  /** End the running flow in `cancelled`, closing its window or dialog. */
  cancel(): void {
    this.flow?.cancel();
  }

  // The markup hugs its bindings (`>${…}<`, and `>` at the start of the next line): whitespace
  // between them would be a text node in each of a thousand elements.
  override render() {
    const current = this.flowState ?? IDLE;
    const status =
      current.status === 'failed'
        ? this.errorText(current.error)
        : current.status === 'idle'
          ? nothing
          : fill(this.t(current.status === 'creating' ? 'waiting' : current.status), this.provider);
    // (The slot's name, aria-busy and the status's class are written by `updated`.)
    const label =
      current.status === 'connected'
        ? this.t('reconnect')
        : this.replacesLabel
          ? this.t('tryAgain')
          : this.label || this.t('connect');
    return html`<button
        part="button"
        type="button"
        ?disabled=${this.disabled}
        aria-busy="false"
        aria-disabled="false"
        @click=${this.connect}
      ><slot>${label}</slot></button
      >${this.busy ? html`<button type="button" @click=${this.onCancelClick}>${this.t('cancel')}</button>` : nothing}<p
        part="status"
        role="status"
      >${current.status === 'connected' ? html`${CHECK_MARK}${status}` : status}</p>`;
  }
}

// Types that travel with the class, so `metorial-connect/element` alone types the tag and its
// events (the event map's global declaration lives in events.ts).
export type * from './events.js';

declare global {
  interface HTMLElementTagNameMap {
    'metorial-connect': MetorialConnect;
  }
}
