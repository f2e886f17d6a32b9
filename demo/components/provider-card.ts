import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { AuthConfig } from '../../src/shared/session.js';
import type { DemoConfig, DemoProvider } from '../server.js';
import { CALLBACK_URL, directionOf, ENDPOINT } from '../settings.js';
import { StoreController } from '../state/store-controller.js';
import { LightElement } from './light-element.js';

/**
 * One integration: logo, description, requested permissions, the <metorial-connect> button
 * with the page's settings and, once connected, the new auth config.
 */
export class ProviderCard extends LightElement {
  readonly #store = new StoreController(this).store;

  /** The catalog entry this card offers. */
  @property({ attribute: false }) provider!: DemoProvider;
  /** The demo backend's settings (the origin setup pages are served from). */
  @property({ attribute: false }) config?: DemoConfig;

  #showSnippet(): void {
    this.#store.showSnippet('html', this.provider.id);
    document.getElementById('embed')?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  override render() {
    const { provider } = this;
    const { mode, theme, lang } = this.#store;
    const status = this.#store.cardStatus(provider.id);
    const authConfig = status === 'connected' ? this.#store.connections[provider.id] : undefined;
    return html`<article class="card ${status === 'connected' ? 'is-connected' : ''}" data-provider-id=${provider.id} data-state=${status}>
      <div class="card-head">
        ${logo(provider)}
        <div class="card-title">
          <h3>${provider.name}</h3>
          ${status === 'connected'
            ? html`<span class="badge badge-connected">Connected</span>`
            : status === 'failed'
              ? html`<span class="badge badge-failed">Failed</span>`
              : nothing}
        </div>
        <button class="link-button card-embed" type="button" @click=${this.#showSnippet}>&lt;/&gt; Embed</button>
      </div>
      <p class="card-description">${provider.description}</p>
      ${provider.scopes.length
        ? html`<ul class="scopes" aria-label="Permissions requested">
            ${provider.scopes.map((scope) => html`<li title=${`${scope.scope}: ${scope.description}`}>${scope.name}</li>`)}
          </ul>`
        : nothing}
      ${authConfig ? connectionDetails(authConfig) : nothing}
      <!-- The element follows the closest lang/dir, as it would on a translated host page. -->
      <div class="card-actions" lang=${lang} dir=${directionOf(lang) ?? nothing}>
        <metorial-connect
          provider-id=${provider.id}
          provider-name=${provider.name}
          endpoint=${ENDPOINT}
          ui-mode=${mode}
          callback-url=${CALLBACK_URL}
          setup-origins=${this.config?.setupOrigin ?? ''}
          theme=${theme}
          name=${`${provider.name} for the demo user`}
          description="Connected from the metorial-connect sales demo"
          metadata=${JSON.stringify({ source: 'metorial-connect-demo', provider_key: provider.key })}
        ></metorial-connect>
      </div>
    </article>`;
  }
}

/** The provider's logo, or its initial when there is none or it fails to load. */
function logo(provider: DemoProvider) {
  const initial = provider.name.slice(0, 1).toUpperCase();
  if (!provider.logoUrl) return html`<span class="logo logo-monogram" aria-hidden="true">${initial}</span>`;
  return html`<img
    class="logo"
    src=${provider.logoUrl}
    alt=""
    width="44"
    height="44"
    @error=${(event: Event) =>
      (event.target as HTMLImageElement).replaceWith(Object.assign(document.createElement('span'), { className: 'logo logo-monogram', textContent: initial }))}
  />`;
}

function connectionDetails(authConfig: AuthConfig) {
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

function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
