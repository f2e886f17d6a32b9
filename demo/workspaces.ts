/**
 * "One provider, two workspaces": two <metorial-connect> elements for the same provider with
 * different `name` and `metadata`, in the mode the address asks for (`?mode=redirect`, `iframe`
 * or `popup`, default redirect). Each event is listed with the element it came from and the
 * auth config's metadata, so a reader (and test/e2e/redirect-workspaces.test.ts) sees that an
 * outcome reaches the element that started it. The elements are written on every load, with
 * the same attributes, as an app renders them: that is how a redirect-mode flow finds its
 * element again.
 */
import '../src/element/define.js';
import type { DemoConfig, DemoProvidersResponse } from './server.js';
import { CALLBACK_URL, ENDPOINT, MODES, type UiMode } from './settings.js';

const WORKSPACES = [
  { id: 'work', label: 'Work' },
  { id: 'personal', label: 'Personal' },
] as const;

const requested = new URLSearchParams(location.search).get('mode');
const mode: UiMode = MODES.some((m) => m.value === requested) ? (requested as UiMode) : 'redirect';

async function main(): Promise<void> {
  const [config, catalog] = await Promise.all([
    fetch('/api/config').then((r) => r.json() as Promise<DemoConfig>),
    fetch('/api/providers').then((r) => r.json() as Promise<DemoProvidersResponse>),
  ]);
  const provider = catalog.providers?.[0];
  const root = document.getElementById('workspaces')!;
  if (!provider) {
    root.textContent = 'The provider catalog could not be loaded.';
    return;
  }

  const modes = document.getElementById('modes')!;
  for (const { value, label } of MODES) {
    const link = Object.assign(document.createElement('a'), { href: `?mode=${value}`, textContent: label });
    if (value === mode) link.setAttribute('aria-current', 'page');
    modes.append(link, ' ');
  }

  for (const workspace of WORKSPACES) {
    const section = document.createElement('section');
    section.dataset.workspace = workspace.id;
    const heading = Object.assign(document.createElement('h2'), { textContent: `${workspace.label} workspace` });
    const element = document.createElement('metorial-connect');
    element.id = workspace.id;
    const attributes: Record<string, string> = {
      'provider-id': provider.id,
      'provider-name': `${provider.name} (${workspace.label.toLowerCase()})`,
      endpoint: ENDPOINT,
      'ui-mode': mode,
      'callback-url': CALLBACK_URL,
      'setup-origins': config.setupOrigin ?? '',
      name: `${provider.name} (${workspace.label.toLowerCase()})`,
      metadata: JSON.stringify({ workspace: workspace.id }),
    };
    for (const [name, value] of Object.entries(attributes)) if (value) element.setAttribute(name, value);
    for (const type of ['connected', 'failed', 'cancelled'] as const) {
      element.addEventListener(type, (event) => {
        const detail = (event as CustomEvent).detail;
        const entry = document.createElement('li');
        entry.className = 'log-entry';
        entry.dataset.element = workspace.id;
        entry.dataset.event = type;
        const metadata = detail.authConfig?.metadata?.workspace;
        if (typeof metadata === 'string') entry.dataset.metadataWorkspace = metadata;
        entry.textContent = `${workspace.label}: ${type}${typeof metadata === 'string' ? ` (auth config metadata: workspace ${metadata})` : ''}`;
        document.getElementById('events')!.prepend(entry);
      });
    }
    section.append(heading, element);
    root.append(section);
  }
}

void main();
