import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DemoProvider } from '../server.js';
import type { LogEntry } from '../state/store.js';
import { StoreController } from '../state/store-controller.js';
import { LightElement } from './light-element.js';

/**
 * The live log of every element event, newest first, with a Clear button. Each entry carries
 * the event, provider, code and session id as data attributes (the e2e tests read them).
 */
export class EventLog extends LightElement {
  readonly #store = new StoreController(this).store;

  /** The catalog, to name providers; ids are shown until it has loaded. */
  @property({ attribute: false }) providers: DemoProvider[] = [];

  #providerName(id: string): string {
    return this.providers.find((provider) => provider.id === id)?.name ?? id;
  }

  #entry(entry: LogEntry) {
    return html`<li
      class="log-entry log-${entry.event}"
      data-event=${entry.event}
      data-provider-id=${entry.providerId}
      data-code=${entry.code ?? ''}
      data-session-id=${entry.sessionId ?? ''}
    >
      <div class="log-line">
        <time datetime=${entry.at}>${formatTime(entry.at)}</time>
        <span class="log-event">${entry.event}</span>
        <span class="log-provider">${this.#providerName(entry.providerId)}</span>
      </div>
      <div class="log-summary">${entry.summary}</div>
      ${entry.detail !== undefined
        ? html`<details>
            <summary>${entry.event === 'connected' ? 'Auth config' : 'Details'}</summary>
            <pre>${JSON.stringify(entry.detail, null, 2)}</pre>
          </details>`
        : nothing}
    </li>`;
  }

  override render() {
    const { log } = this.#store;
    return html`<section class="panel log-panel" aria-labelledby="log-title">
      <div class="panel-head">
        <h2 id="log-title">Event log <span class="count">${log.length}</span></h2>
        <button class="link-button" type="button" id="clear-log" ?disabled=${log.length === 0} @click=${() => this.#store.clearLog()}>Clear</button>
      </div>
      ${log.length === 0
        ? html`<p class="log-empty">Events from the buttons show up here as they happen.</p>`
        : html`<ol class="log" aria-live="polite">
            ${repeat(log, (entry) => entry.id, (entry) => this.#entry(entry))}
          </ol>`}
    </section>`;
  }
}

/** hh:mm:ss.mmm in local time: events of one flow are milliseconds apart. */
function formatTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
