import { html } from 'lit';
import { StoreController } from '../state/store-controller.js';
import { LightElement } from './light-element.js';

const moonIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5Z" fill="currentColor" /></svg>`;
const sunIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <circle cx="12" cy="12" r="4.5" fill="currentColor" />
  <path d="M12 2v2.5M12 19.5V22M2 12h2.5M19.5 12H22M4.9 4.9l1.8 1.8M17.3 17.3l1.8 1.8M4.9 19.1l1.8-1.8M17.3 6.7l1.8-1.8" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
</svg>`;

/** The light/dark button; it names the theme it switches to. */
export class ThemeSwitch extends LightElement {
  readonly #store = new StoreController(this).store;

  override render() {
    const dark = this.#store.theme === 'dark';
    return html`<button
      class="icon-button"
      type="button"
      id="theme-toggle"
      aria-pressed=${dark ? 'true' : 'false'}
      @click=${() => this.#store.setTheme(dark ? 'light' : 'dark')}
    >
      ${dark ? sunIcon : moonIcon}<span>${dark ? 'Light' : 'Dark'}</span>
    </button>`;
  }
}
