import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SNIPPET_TABS, SNIPPETS } from '../embed/snippets.js';
import type { DemoConfig, DemoProvider } from '../server.js';
import { StoreController } from '../state/store-controller.js';
import { LightElement } from './light-element.js';

const COPIED_FOR_MS = 1600;

/** "Embed it": the code for the current settings (element, callback page, server route) with a Copy button. */
export class EmbedSnippet extends LightElement {
  readonly #store = new StoreController(this).store;

  /** Whether the Copy button says "Copied ✓". */
  @state() private copied = false;
  #copiedTimer?: ReturnType<typeof setTimeout>;

  /** Until the catalog has loaded, the element snippet shows placeholders. */
  @property({ attribute: false }) providers: DemoProvider[] = [];
  /** The demo backend's settings (the origin setup pages are served from). */
  @property({ attribute: false }) config?: DemoConfig;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#copiedTimer);
  }

  get #provider(): DemoProvider | undefined {
    return this.providers.find((provider) => provider.id === this.#store.snippetProviderId) ?? this.providers[0];
  }

  get #code(): string {
    const { mode, theme, lang, snippetTab } = this.#store;
    return SNIPPETS[snippetTab].code({ provider: this.#provider, mode, theme, lang, setupOrigin: this.config?.setupOrigin });
  }

  async #copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.#code);
    } catch {
      // Clipboard API refused (http origin, no permission): select the text for Ctrl+C instead.
      const code = this.querySelector('#snippet-code');
      if (code) getSelection()?.selectAllChildren(code);
    }
    this.copied = true;
    clearTimeout(this.#copiedTimer);
    this.#copiedTimer = setTimeout(() => (this.copied = false), COPIED_FOR_MS);
  }

  override render() {
    const store = this.#store;
    const snippet = SNIPPETS[store.snippetTab];
    return html`<section class="panel" id="embed" aria-labelledby="embed-title">
      <div class="panel-head">
        <h2 id="embed-title">Embed it</h2>
        <div class="tabs" role="tablist" aria-label="Snippet">
          ${SNIPPET_TABS.map(
            (tab) => html`<button role="tab" type="button" aria-selected=${store.snippetTab === tab ? 'true' : 'false'} @click=${() => store.showSnippet(tab)}>
              ${SNIPPETS[tab].label}
            </button>`,
          )}
        </div>
      </div>
      ${store.snippetTab === 'html' && this.providers.length > 1
        ? html`<label class="field">
            <span>Provider</span>
            <select @change=${(event: Event) => store.showSnippet('html', (event.target as HTMLSelectElement).value)}>
              ${this.providers.map((provider) => html`<option .value=${provider.id} ?selected=${provider.id === this.#provider?.id}>${provider.name}</option>`)}
            </select>
          </label>`
        : nothing}
      <div class="code-wrap">
        <div class="code-bar">
          <span>${snippet.file}</span>
          <button class="copy-button" type="button" id="copy-snippet" @click=${this.#copy}>${this.copied ? 'Copied ✓' : 'Copy'}</button>
        </div>
        <pre><code id="snippet-code">${this.#code}</code></pre>
      </div>
      <p class="panel-note">${snippet.note}</p>
    </section>`;
  }
}
