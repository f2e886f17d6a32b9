/**
 * The setup page's url and mode: which mode a session's `ui_mode` asks for, and whether its
 * url may be opened at all.
 */
import type { UiMode } from './types.js';

/** `url` (resolved against `base`), or undefined if it is not a URL. */
export function parseUrl(url: string, base?: string): URL | undefined {
  try {
    return new URL(url, base);
  } catch {}
}

/** Maps a session's free-form `ui_mode` onto how the page is shown. */
export const toUiMode = (uiMode: string | null | undefined): UiMode =>
  uiMode == 'redirect' ? uiMode : /^(iframe|embedded|dashboard_embeddable)$/.test(uiMode ?? '') ? 'iframe' : 'popup';

/**
 * Whether a session `url` may be opened: absolute https (http only on loopback), and, when
 * `setupOrigins` is given, on one of those origins.
 */
export function checkSetupUrl(url: string, setupOrigins?: string[]): boolean {
  const u = parseUrl(url); // no base: a relative url is rejected
  return (
    !!u &&
    (u.protocol == 'https:' || (u.protocol == 'http:' && /^(localhost|127(\.\d+){3}|\[::1\])$/.test(u.hostname))) &&
    (!setupOrigins || setupOrigins.some((o) => parseUrl(o)?.origin == u.origin))
  );
}
