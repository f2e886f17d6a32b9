/** Registers the demo's components, once, under their tag names. */
import { DemoApp } from './demo-app.js';
import { EmbedSnippet } from './embed-snippet.js';
import { EventLog } from './event-log.js';
import { LanguageSwitch } from './language-switch.js';
import { ModeSwitch } from './mode-switch.js';
import { ProviderCard } from './provider-card.js';
import { ThemeSwitch } from './theme-switch.js';

const components = {
  'demo-app': DemoApp,
  'demo-mode-switch': ModeSwitch,
  'demo-theme-switch': ThemeSwitch,
  'demo-language-switch': LanguageSwitch,
  'demo-provider-card': ProviderCard,
  'demo-event-log': EventLog,
  'demo-embed-snippet': EmbedSnippet,
} as const;

for (const [tag, component] of Object.entries(components)) {
  if (!customElements.get(tag)) customElements.define(tag, component);
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-app': DemoApp;
    'demo-mode-switch': ModeSwitch;
    'demo-theme-switch': ThemeSwitch;
    'demo-language-switch': LanguageSwitch;
    'demo-provider-card': ProviderCard;
    'demo-event-log': EventLog;
    'demo-embed-snippet': EmbedSnippet;
  }
}
