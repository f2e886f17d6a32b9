import { html } from 'lit';
import { MODES } from '../settings.js';
import { StoreController } from '../state/store-controller.js';
import { LightElement } from './light-element.js';

/** How the setup page opens (popup, in-page dialog, redirect): one radio group, remembered. */
export class ModeSwitch extends LightElement {
  readonly #store = new StoreController(this).store;

  override render() {
    return html`<div class="segmented" role="radiogroup" aria-label="How the setup page opens">
      ${MODES.map(
        ({ value, label, hint }) => html`<label class="segment" title=${hint}>
          <input type="radio" name="ui-mode" .value=${value} .checked=${this.#store.mode === value} @change=${() => this.#store.setMode(value)} />
          <span>${label}</span>
        </label>`,
      )}
    </div>`;
  }
}
