import { LitElement, css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { resumeConnectFlow, startConnectFlow } from '../flow/index.js';
import type {
  ConnectError,
  ConnectFlow,
  ConnectFlowOptions,
  FlowState,
  FrameHandle,
  FrameHost,
  SessionFields,
  UiMode,
} from '../flow/types.js';
import type { CreateSessionBody } from '../shared/session.js';
import type { MetorialConnectEventMap } from './events.js';

/**
 * The least the hosted setup page needs, and no more:
 * - `allow-scripts`, `allow-forms`: it is an app that runs scripts and submits forms;
 * - `allow-same-origin`: it keeps its real origin (its cookies and API calls), and the callback
 *   page on the host's origin posts with an origin the flow can check (not `null`);
 * - `allow-popups` + `allow-popups-to-escape-sandbox`: consent pages refuse to be framed, so the
 *   page opens them in a popup, which breaks if it inherits this sandbox.
 * A frame navigates itself without any token; top navigation, modals and downloads stay off,
 * so the setup page can never take the host page away.
 */
const FRAME_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox';
const UI_MODES: readonly string[] = ['popup', 'iframe', 'redirect'] satisfies UiMode[];

/** A 16px stroked icon, hidden from assistive technology (the text next to it says it). */
const icon = (path: string) =>
  html`<svg viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true"><path d=${path} fill="none" stroke="currentColor" stroke-width="2"/></svg>`;

/** One flow's identity: late callbacks of a replaced or disposed flow are dropped. */
interface Run {
  live: boolean;
}

/**
 * @tag metorial-connect
 * @summary A button that connects the user's account at a third-party provider through a
 * Metorial provider setup session (popup, in-page dialog or full-page redirect).
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
 * @csspart dialog - The modal dialog of the iframe mode.
 * @csspart frame - The iframe showing the setup page.
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

  static override styles = css`:host{display:inline-flex;flex-wrap:wrap;align-items:center;gap:.5em;padding:.5em;border-radius:var(--metorial-connect-radius,.5em);color-scheme:light dark;font:var(--metorial-connect-font,inherit);color:var(--metorial-connect-fg,light-dark(#1f2937,#f3f4f6));background:var(--metorial-connect-bg,light-dark(#fff,#111827))}
:host([theme=light]){color-scheme:light}:host([theme=dark]){color-scheme:dark}:host([hidden]){display:none}
button{font:inherit;color:inherit;background:none;cursor:pointer;display:inline-flex;align-items:center;gap:.5em;padding:.5em 1em;border:1px solid var(--metorial-connect-accent,light-dark(#4f46e5,#a5b4fc));border-radius:var(--metorial-connect-radius,.5em)}
[part=button]{background:var(--metorial-connect-accent,light-dark(#4f46e5,#a5b4fc));color:var(--metorial-connect-on-accent,light-dark(#fff,#111827))}
button:focus-visible{outline:2px solid var(--metorial-connect-accent,light-dark(#4f46e5,#a5b4fc));outline-offset:2px}
button:disabled{opacity:.6;cursor:not-allowed}[aria-busy=true]{cursor:progress}
p{margin:0;display:inline-flex;align-items:center;gap:.25em}
.failed{color:var(--metorial-connect-error,light-dark(#b91c1c,#fca5a5))}.connected{color:var(--metorial-connect-success,light-dark(#15803d,#86efac))}
.spin{width:.8em;height:.8em;border:2px solid;border-right-color:transparent;border-radius:50%;animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(1turn)}}@media (prefers-reduced-motion:reduce){.spin{animation-duration:4s}}
dialog{padding:0;border:0;border-radius:var(--metorial-connect-radius,.5em);width:min(30rem,100vw - 2rem);height:min(42rem,100vh - 2rem);flex-direction:column;color:inherit;background:inherit}
dialog[open]{display:flex}dialog::backdrop{background:#0009}
header{display:flex;align-items:center;justify-content:space-between;padding:.25em .25em .25em 1em}
h2{font-size:1em;margin:0}header button{border:0;padding:.5em}iframe{flex:1;border:0;background:#fff}`;


  @query('[part=button]') private button?: HTMLButtonElement;
  @query('dialog') private dialog?: HTMLDialogElement;

  @state() private flowState: FlowState = { status: 'idle' };
  private flow?: ConnectFlow;
  private run?: Run;
  private resumed = false;
  private frame?: HTMLIFrameElement;
  private dismissFrame?: () => void;
  private pageOverflow = '';
  /** The iframe mode's host: the modal dialog in this element's shadow root. */
  private frameHost: FrameHost = { open: (url, events) => this.openFrame(url, events) };

  /** Provider to connect (the session's `provider_id`). Required. */
  @property({ attribute: 'provider-id' }) providerId = '';
  /** Display name of the provider, shown to the user; defaults to the provider id. */
  @property({ attribute: 'provider-name' }) providerName = '';
  /** Base URL of the host backend: `POST {endpoint}` creates a session, `GET {endpoint}/{id}` reads it. */
  @property({ attribute: 'endpoint' }) endpoint = '';
  /** `popup`, `iframe` or `redirect`; overrides the session's `ui_mode`. */
  @property({ attribute: 'ui-mode' }) uiMode = '';
  /** A page on the host's origin that loads the callback script. */
  @property({ attribute: 'callback-url' }) callbackUrl = '';
  /** Origins a setup page may have, separated by spaces or commas; empty allows the API's. */
  @property({ attribute: 'setup-origins' }) setupOrigins = '';
  /** Optional `provider_deployment_id` of the session. */
  @property({ attribute: 'provider-deployment-id' }) providerDeploymentId = '';
  /** Optional `provider_auth_method_id` of the session. */
  @property({ attribute: 'provider-auth-method-id' }) providerAuthMethodId = '';
  /** Optional `provider_auth_credentials_id` of the session. */
  @property({ attribute: 'provider-auth-credentials-id' }) providerAuthCredentialsId = '';
  /** Optional `name` of the session. */
  @property({ attribute: 'name' }) name = '';
  /** Optional `description` of the session. */
  @property({ attribute: 'description' }) description = '';
  /** Optional session `metadata` (copied onto the auth config): a JSON object in the attribute,
   *  or a plain object set as a property (as React 19 and Vue do). */
  @property({ attribute: 'metadata' }) metadata: string | Record<string, unknown> = '';
  /** Text of the button when idle; the default slot replaces it. */
  @property({ attribute: 'label' }) label = 'Connect';
  /** Disables the button. */
  @property({ attribute: 'disabled', type: Boolean, reflect: true }) disabled = false;
  /** `light`, `dark`, or `auto` (follows `prefers-color-scheme`). */
  @property({ attribute: 'theme', reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';
  /** Replaces `POST {endpoint}`: resolves with the created session. */
  @property({ attribute: false }) createSession?: (body: CreateSessionBody, signal: AbortSignal) => Promise<unknown>;
  /** Replaces `GET {endpoint}/{id}`: resolves with the session. */
  @property({ attribute: false }) getSession?: (id: string, signal: AbortSignal) => Promise<unknown>;

  override connectedCallback(): void {
    super.connectedCallback();
    // Coming back from a redirect-mode setup page: pick the flow up where it left off.
    if (this.resumed) return;
    this.resumed = true;
    const options = this.readOptions();
    if (typeof options !== 'string') this.follow(options, resumeConnectFlow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Removed mid-flow: stop everything and report nothing more.
    if (this.run) this.run.live = false;
    this.run = undefined;
    this.flow?.dispose();
    this.flow = undefined;
    this.closeFrame();
    this.flowState = { status: 'idle' };
  }

  /** Escape (or any other native close) dismisses the setup page; our own closeFrame() clears
   *  dismissFrame before closing, so it does not come back here. */
  private onDialogClose(): void {
    this.dismissFrame?.();
  }

  private onCancelClick(): void {
    this.cancel();
    this.button?.focus(); // the Cancel button is going away
  }

  private get busy(): boolean {
    const { status } = this.flowState;
    return status === 'creating' || status === 'waiting' || status === 'confirming';
  }

  /** Run a flow from `start` (started now or resumed) and mirror it: state → render and
   *  `statechange`, outcome → its one terminal event. */
  private follow(options: ConnectFlowOptions, start: (options: ConnectFlowOptions) => ConnectFlow | null): void {
    // One flow at a time: a flow still running (say, a resumed one) is dropped silently.
    if (this.run) this.run.live = false;
    this.flow?.dispose();
    const run: Run = { live: true };
    this.run = run;
    const flow = start({ ...options, onStateChange: (state) => this.run === run && this.show(state) });
    if (!flow) return;
    this.flow = flow;
    void flow.done.then((outcome) => {
      if (this.flow === flow) this.flow = undefined;
      if (!run.live) return; // disposed: nothing more
      if (outcome.status === 'connected') this.emit('connected', { session: outcome.session, authConfig: outcome.authConfig });
      else if (outcome.status === 'failed') this.emit('failed', { error: outcome.error, session: outcome.session });
      else this.emit('cancelled', { reason: outcome.reason, session: outcome.session });
    });
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
    const setupOrigins = this.setupOrigins.split(/[\s,]+/).filter(Boolean);
    return {
      providerId: this.providerId,
      endpoint: this.endpoint || undefined,
      uiMode: (this.uiMode || undefined) as UiMode | undefined,
      callbackUrl: this.callbackUrl || undefined,
      setupOrigins: setupOrigins.length ? setupOrigins : undefined,
      session,
      createSession: this.createSession,
      getSession: this.getSession,
      frameHost: this.frameHost,
    };
  }

  /** FrameHost.open: the setup page in a titled, sandboxed iframe in the modal dialog. */
  private openFrame(url: string, events: { onLoad(): void; onDismiss(): void }): FrameHandle {
    this.closeFrame();
    const frame = document.createElement('iframe');
    frame.title = `Connect ${this.providerName || this.providerId}`;
    frame.setAttribute('part', 'frame');
    frame.setAttribute('sandbox', FRAME_SANDBOX);
    frame.referrerPolicy = 'no-referrer';
    frame.addEventListener('load', () => events.onLoad());
    if (/^https?:\/\//i.test(url)) frame.src = url; // never a javascript: or data: page
    this.frame = frame;
    this.dismissFrame = () => {
      this.closeFrame();
      events.onDismiss();
    };
    this.dialog?.append(frame);
    this.dialog?.showModal(); // first: it throws for a dialog no longer in the document
    this.pageOverflow = document.documentElement.style.overflow;
    document.documentElement.style.overflow = 'hidden'; // the page behind must not scroll
    return {
      get window() {
        return frame.contentWindow;
      },
      close: () => this.frame === frame && this.closeFrame(),
    };
  }

  private closeFrame(): void {
    if (!this.frame) return;
    this.frame.remove();
    this.frame = this.dismissFrame = undefined;
    this.dialog?.close();
    document.documentElement.style.overflow = this.pageOverflow;
    if (this.isConnected) this.button?.focus();
  }

  private emit<K extends keyof MetorialConnectEventMap>(type: K, detail: MetorialConnectEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: false }));
  }

  /** Start a flow, unless one is running or the element is disabled. Call it from a user
   *  gesture (a click handler): the popup opens inside this call. */
  connect(): void {
    if (this.disabled || this.busy) return;
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

  override render() {
    const current = this.flowState;
    const busy = this.busy;
    const provider = this.providerName || this.providerId;
    const status = busy
      ? `Waiting for ${provider}…`
      : current.status === 'connected'
        ? `Connected to ${provider}`
        : current.status === 'failed'
          ? current.error.message
          : current.status === 'cancelled'
            ? 'Cancelled'
            : '';
    const label = current.status === 'connected' ? 'Reconnect' : current.status === 'failed' ? 'Try again' : html`<slot>${this.label}</slot>`;
    // Unindented markup: template text is not minified. Whitespace between flex items renders nothing.
    return html`
<button part="button" type="button" ?disabled=${this.disabled} aria-busy=${busy} aria-disabled=${busy} @click=${this.connect}>
${busy ? html`<span class="spin" aria-hidden="true"></span>` : nothing}${label}
</button>
${busy ? html`<button type="button" @click=${this.onCancelClick}>Cancel</button>` : nothing}
<p part="status" role="status" class=${current.status}>${current.status === 'connected' ? icon('M3 8.5l3 3 7-7') : nothing}${status}</p>
<dialog part="dialog" aria-labelledby="title" @close=${this.onDialogClose}>
<header>
<h2 id="title">Connect ${provider}</h2>
<button type="button" aria-label="Close" @click=${() => this.dismissFrame?.()}>${icon('M4 4l8 8M12 4l-8 8')}</button>
</header>
</dialog>`;
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
