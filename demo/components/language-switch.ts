import { html } from 'lit';
import { LANGUAGES, type Language } from '../settings.js';
import { StoreController } from '../state/store-controller.js';
import { LightElement } from './light-element.js';

/** The language the <metorial-connect> elements speak (the demo's own text stays English). */
export class LanguageSwitch extends LightElement {
  readonly #store = new StoreController(this).store;

  override render() {
    return html`<label class="select-control" title="The language of the Connect buttons">
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 0c2.4 2.5 3.6 5.5 3.6 9s-1.2 6.5-3.6 9m0-18C9.6 5.5 8.4 8.5 8.4 12s1.2 6.5 3.6 9M3.5 9h17M3.5 15h17"
          fill="none"
          stroke="currentColor"
          stroke-width="1.6"
          stroke-linecap="round"
        />
      </svg>
      <select aria-label="Language" @change=${(event: Event) => this.#store.setLang((event.target as HTMLSelectElement).value as Language)}>
        ${LANGUAGES.map(({ value, label }) => html`<option .value=${value} lang=${value} ?selected=${this.#store.lang === value}>${label}</option>`)}
      </select>
    </label>`;
  }
}
