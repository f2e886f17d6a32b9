import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { CatalogController } from '../catalog/catalog-controller.js';
import { MODES } from '../settings.js';
import { recordElementEvents } from '../state/element-events.js';
import { StoreController } from '../state/store-controller.js';
import { LightElement } from './light-element.js';

const brandMark = html`<svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
  <rect width="32" height="32" rx="9" fill="currentColor" />
  <path d="M9 22V10l7 7 7-7v12" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" />
</svg>`;

/**
 * The page: top bar with the switches, the integrations gallery from the demo backend's
 * catalog (loading, or an error in words with Retry), the embed code and the event log.
 */
export class DemoApp extends LightElement {
  readonly #store = new StoreController(this).store;

  /** The backend's config and provider catalog, loaded on first render and again on Retry. */
  readonly #catalog = new CatalogController(this);

  #stopRecording?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopRecording = recordElementEvents(this, this.#store);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopRecording?.();
  }

  protected override willUpdate(): void {
    // The page's theme; index.html applies the saved one before the first paint.
    document.documentElement.dataset.theme = this.#store.theme;
    document.documentElement.style.colorScheme = this.#store.theme;
  }

  #topbar() {
    const { config } = this.#catalog;
    const live = config?.mode === 'live';
    return html`<header class="topbar">
      <div class="brand">
        ${brandMark}
        <span class="brand-name">Metorial <strong>Connect</strong></span>
        ${config
          ? html`<span class="pill ${live ? 'pill-live' : 'pill-sandbox'}" title=${live ? 'Talking to the real Metorial API' : 'Local sandbox: nothing leaves this machine'}
              >${live ? 'Live API' : 'Sandbox'}</span
            >`
          : nothing}
      </div>
      <div class="controls">
        <demo-mode-switch></demo-mode-switch>
        <demo-language-switch></demo-language-switch>
        <demo-theme-switch></demo-theme-switch>
      </div>
    </header>`;
  }

  #hero() {
    const mode = MODES.find((m) => m.value === this.#store.mode)!;
    const connectedCount = Object.keys(this.#store.connections).length;
    return html`<section class="hero">
      <div>
        <h1>Integrations</h1>
        <p>Let your users connect the tools they already use, in one click. Each button below is a <code>&lt;metorial-connect&gt;</code> element.</p>
      </div>
      <div class="hero-meta">
        <span class="mode-hint"><strong>${mode.label}:</strong> ${mode.hint}</span>
        <span
          >${connectedCount} connected${connectedCount
            ? html` · <button class="link-button" type="button" @click=${() => this.#store.reset()}>Reset demo</button>`
            : nothing}</span
        >
      </div>
    </section>`;
  }

  #gallery() {
    const { state } = this.#catalog;
    if (state.status === 'loading') return html`<div class="gallery-empty" aria-busy="true">Loading integrations…</div>`;
    if (state.status === 'failed') return html`<div class="gallery-empty">The integrations are unavailable: see the message above.</div>`;
    if (!state.providers.length) return html`<div class="gallery-empty">No integrations to show.</div>`;
    return html`<div class="gallery">
      ${repeat(state.providers, (provider) => provider.id, (provider) => html`<demo-provider-card .provider=${provider} .config=${state.config}></demo-provider-card>`)}
    </div>`;
  }

  override render() {
    const { config, providers, state } = this.#catalog;
    return html`${this.#topbar()}
      <main class="layout">
        ${state.status === 'failed'
          ? html`<div class="problem" role="alert">
              <strong>Something is wrong with the demo.</strong> ${state.error.message}
              <button class="retry-button" type="button" @click=${() => this.#catalog.retry()}>Retry</button>
            </div>`
          : nothing}
        ${this.#hero()}
        <div class="columns">
          <section class="gallery-section" aria-label="Integrations">${this.#gallery()}</section>
          <aside class="side">
            <demo-embed-snippet .providers=${providers} .config=${config}></demo-embed-snippet>
            <demo-event-log .providers=${providers}></demo-event-log>
          </aside>
        </div>
      </main>`;
  }
}
