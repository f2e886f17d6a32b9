/**
 * Ties an OAuth callback to the browser that pressed Continue. `/setup/:id/start` sets an
 * HttpOnly cookie holding a random nonce (the session keeps only its hash); the callback
 * acts only when that cookie comes back. So knowing a session id — or even a leaked
 * callback URL — is not enough to fail or complete someone else's session.
 *
 * Continue navigates the setup page's own window. In a popup or a full page that is a
 * top-level window, so the cookie is first-party on the sandbox origin. (In an iframe the
 * frame goes to the provider, which refuses to be framed, as upstream.) `SameSite=Lax`
 * because the provider sends the browser back with a cross-site top-level GET; `Path` keeps
 * it off every other request.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomToken, safeEqual } from '../secure.js';
import type { PendingAuthorization } from '../store.js';

const CALLBACK_PATH = '/oauth/callback';
/** As long as the demo provider keeps an unanswered consent screen. */
const BINDING_MAX_AGE_SECONDS = 10 * 60;

/** One cookie per session, so flows of two sessions in one browser don't displace each other. */
function cookieName(sessionId: string): string {
  return `sandbox_oauth_${sessionId.replace(/[^A-Za-z0-9_]/g, '')}`;
}

function hashNonce(nonce: string): string {
  return createHash('sha256').update(nonce, 'utf8').digest('base64url');
}

/** Sets the cookie on the `/start` response; returns the hash to keep with the authorization. */
export function bindBrowser(c: Context, sessionId: string, publicUrl: string): string {
  const nonce = randomToken(32);
  setCookie(c, cookieName(sessionId), nonce, {
    path: CALLBACK_PATH,
    httpOnly: true,
    sameSite: 'Lax',
    secure: publicUrl.startsWith('https:'),
    maxAge: BINDING_MAX_AGE_SECONDS,
  });
  return hashNonce(nonce);
}

/** True when the callback request carries the cookie of this authorization's Continue. */
export function isSameBrowser(c: Context, sessionId: string, authorization: PendingAuthorization): boolean {
  const nonce = getCookie(c, cookieName(sessionId));
  return nonce !== undefined && safeEqual(hashNonce(nonce), authorization.browserBindingHash);
}

/** The flow is over for this browser: drop its cookie. */
export function unbindBrowser(c: Context, sessionId: string, publicUrl: string): void {
  deleteCookie(c, cookieName(sessionId), { path: CALLBACK_PATH, secure: publicUrl.startsWith('https:') });
}
