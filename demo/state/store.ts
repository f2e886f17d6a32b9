/**
 * The demo's state in one place: the settings (mode, theme, language), what the elements
 * reported (flow status per card, connections, event log) and the embed panel's selection.
 * Components read it through StoreController and change it only through its methods, each of
 * which saves what must survive a reload and then tells every subscriber.
 */
import type { AuthConfig, SetupSession } from '../../src/shared/session.js';
import type { SnippetTab } from '../embed/snippets.js';
import { DEFAULT_LANGUAGE, LANGUAGES, MODES, THEMES, type Language, type Theme, type UiMode } from '../settings.js';
import { readChoice, readJson, STORAGE_KEYS, storageOrMemory } from './storage.js';

export type ElementEventName = 'statechange' | 'connected' | 'failed' | 'cancelled';

export interface LogEntry {
  id: number;
  at: string;
  event: ElementEventName;
  providerId: string;
  summary: string;
  /** `failed`: the error code; `cancelled`: the reason; `statechange`: the status. */
  code?: string;
  /** The setup session's id, when the event carries one. */
  sessionId?: string;
  /** Shown expanded on demand; never contains the session's secret `url`. */
  detail?: unknown;
}

export type NewLogEntry = Omit<LogEntry, 'id' | 'at' | 'sessionId'>;

const LOG_LIMIT = 200;

export class DemoStore {
  mode: UiMode;
  theme: Theme;
  lang: Language;
  /** The last flow status each element reported, by provider id (not saved: a reload starts idle). */
  flowStatus: Record<string, string> = {};
  connections: Record<string, AuthConfig>;
  /** Newest first. */
  log: LogEntry[];
  snippetProviderId: string | null = null;
  snippetTab: SnippetTab = 'html';

  #listeners = new Set<() => void>();
  #nextLogId: number;

  constructor(
    private readonly settings: Storage,
    private readonly history: Storage,
    prefersDark: boolean,
  ) {
    this.mode = readChoice(settings, STORAGE_KEYS.mode, MODES.map((m) => m.value)) ?? 'popup';
    this.theme = readChoice(settings, STORAGE_KEYS.theme, THEMES) ?? (prefersDark ? 'dark' : 'light');
    this.lang = readChoice(settings, STORAGE_KEYS.lang, LANGUAGES.map((l) => l.value)) ?? DEFAULT_LANGUAGE;
    this.connections = readJson<Record<string, AuthConfig>>(history, STORAGE_KEYS.connections) ?? {};
    this.log = readJson<LogEntry[]>(history, STORAGE_KEYS.log) ?? [];
    this.#nextLogId = Math.max(0, ...this.log.map((entry) => entry.id)) + 1;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** What a provider's card shows: a saved connection counts until a new flow starts. */
  cardStatus(providerId: string): string {
    const status = this.flowStatus[providerId];
    const connected = providerId in this.connections && (!status || status === 'connected' || status === 'idle');
    return connected ? 'connected' : (status ?? 'idle');
  }

  setMode(mode: UiMode): void {
    this.mode = mode;
    this.settings.setItem(STORAGE_KEYS.mode, mode);
    this.#changed();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.settings.setItem(STORAGE_KEYS.theme, theme);
    this.#changed();
  }

  setLang(lang: Language): void {
    this.lang = lang;
    this.settings.setItem(STORAGE_KEYS.lang, lang);
    this.#changed();
  }

  /** Records an element's event: its status on the card and an entry in the log. */
  recordEvent(status: string, entry: NewLogEntry, session?: SetupSession): void {
    this.flowStatus[entry.providerId] = status;
    this.log.unshift({ id: this.#nextLogId++, at: new Date().toISOString(), ...entry, ...(session && { sessionId: session.id }) });
    this.log.length = Math.min(this.log.length, LOG_LIMIT);
    this.#saveHistory();
  }

  recordConnection(providerId: string, authConfig: AuthConfig): void {
    this.connections[providerId] = authConfig;
    this.#saveHistory();
  }

  clearLog(): void {
    this.log = [];
    this.#saveHistory();
  }

  /** Forgets the connections, the flows' statuses and the log. */
  reset(): void {
    this.log = [];
    this.connections = {};
    this.flowStatus = {};
    this.#saveHistory();
  }

  showSnippet(tab: SnippetTab, providerId = this.snippetProviderId): void {
    this.snippetTab = tab;
    this.snippetProviderId = providerId;
    this.#changed();
  }

  #saveHistory(): void {
    this.history.setItem(STORAGE_KEYS.log, JSON.stringify(this.log));
    this.history.setItem(STORAGE_KEYS.connections, JSON.stringify(this.connections));
    this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** The page's one store. */
export const demoStore = new DemoStore(
  storageOrMemory(() => localStorage),
  storageOrMemory(() => sessionStorage),
  matchMedia('(prefers-color-scheme: dark)').matches,
);
