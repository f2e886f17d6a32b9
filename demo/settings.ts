/**
 * The choices the demo offers (window mode, theme, language) and the fixed values every
 * <metorial-connect> on the page and in the embed code shares.
 */

export type UiMode = 'popup' | 'iframe' | 'redirect';
export type Theme = 'light' | 'dark';

export const MODES: ReadonlyArray<{ value: UiMode; label: string; hint: string }> = [
  { value: 'popup', label: 'Popup', hint: 'The provider opens in a small window; your page stays put.' },
  {
    value: 'iframe',
    label: 'In-page',
    // As in production: a provider's sign-in page refuses to be framed.
    hint: 'Forms (an API key, a database login) open in a dialog on your page; a provider’s sign-in continues in a small window.',
  },
  { value: 'redirect', label: 'Redirect', hint: 'The whole tab goes to the provider and comes back.' },
];

export const THEMES: readonly Theme[] = ['light', 'dark'];

/** The languages the element speaks, each named in itself; `dir` only where it is not ltr. */
export const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'fr', label: 'Français' },
  { value: 'es', label: 'Español' },
  { value: 'pt-BR', label: 'Português (Brasil)' },
  { value: 'ja', label: '日本語' },
  { value: 'ar', label: 'العربية', dir: 'rtl' },
] as const satisfies ReadonlyArray<{ value: string; label: string; dir?: 'rtl' }>;

export type Language = (typeof LANGUAGES)[number]['value'];
export const DEFAULT_LANGUAGE: Language = 'en';

/** `rtl` for a right-to-left language, otherwise undefined (the page's own direction). */
export function directionOf(lang: Language): 'rtl' | undefined {
  const language = LANGUAGES.find((entry) => entry.value === lang);
  return language && 'dir' in language ? language.dir : undefined;
}

/** The demo backend's route: the server helper (connectMiddleware) holding the API key. */
export const ENDPOINT = '/api/setup-sessions';
export const CALLBACK_URL = new URL('/callback.html', location.origin).href;
// Where the standalone bundles (vite.config.ts, dist/cdn/) are served from once published.
export const CDN_BASE = 'https://unpkg.com/metorial-connect/dist/cdn';
