/**
 * The sandbox's OAuth callback: checks `state`, exchanges the code at the provider's token
 * endpoint over real HTTP with the PKCE verifier, and completes or fails the session.
 * Only the browser that pressed Continue can answer (see browser-binding.ts), each
 * authorization is answered once, and completed never changes again. As upstream, the OAuth
 * step stays open 30 minutes from Continue, past `expires_at` if need be, and a failed
 * session whose OAuth step is run again can still complete.
 */
import type { Context, Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import { messagePage } from '../pages/layout.js';
import { setupPaths } from '../pages/setup.js';
import { isRedirectable } from '../redirect.js';
import { safeEqual } from '../secure.js';
import { completeSession, failSession, isOAuthStepOpen, providerOf, takeAuthorization } from '../sessions.js';
import { isSameBrowser, unbindBrowser } from './browser-binding.js';
import type { PendingAuthorization, SessionRecord } from '../store.js';

const TOKEN_REQUEST_TIMEOUT_MS = 10_000;

/** Where the demo provider sends the browser back. */
export function callbackUrl(ctx: SandboxContext): string {
  return `${ctx.publicUrl()}/oauth/callback`;
}

export function registerCallbackRoutes(app: Hono, ctx: SandboxContext): void {
  app.get('/oauth/callback', async (c) => {
    const state = c.req.query('state') ?? '';
    const sessionId = state.split('.')[0] ?? '';
    const record = sessionId ? ctx.store.get(sessionId) : undefined;
    if (!record) {
      return messagePage(c, 400, { title: 'Unknown authorization', message: 'This sign-in response does not belong to any setup.', icon: '?' });
    }

    // The same callback again (reload, double load, a second request still racing the
    // first): show where the session stands, change nothing.
    const answered = record.answeredAuthorization;
    if (answered && safeEqual(state, answered.state)) return finish(c, ctx, sessionId);

    if (record.session.status === 'completed') {
      return messagePage(c, 409, { title: 'This setup has already finished', message: 'Return to the app.', icon: '!' });
    }
    const authorization = record.authorization;
    if (!authorization) {
      return messagePage(c, 400, {
        title: 'No sign-in in progress',
        message: 'This setup has not started a sign-in. Open the setup link from the app and press Continue.',
        icon: '?',
      });
    }
    // Only the browser that pressed Continue may answer; anyone else changes nothing.
    if (!isSameBrowser(c, sessionId, authorization)) {
      return messagePage(c, 403, {
        title: 'Sign-in not recognised',
        message: 'This sign-in response did not come back to the browser that started it. Return to the app and start again.',
        icon: '!',
      });
    }
    unbindBrowser(c, sessionId, ctx.publicUrl());

    // The OAuth step has its own window from Continue (not the session's expires_at): a
    // consent begun in time may finish after expires_at, but not an hour later.
    if (!isOAuthStepOpen(authorization, ctx.now())) {
      return messagePage(c, 410, { title: 'This sign-in took too long', message: 'Return to the app and start again.', icon: '⏱' });
    }

    if (!safeEqual(state, authorization.state)) {
      failSession(ctx, sessionId, 'The sign-in response could not be verified (state mismatch). Please try again.');
      return finish(c, ctx, sessionId);
    }

    // Taken before any await, so a concurrent duplicate finds it gone (and only shows the outcome).
    const taken = takeAuthorization(ctx, sessionId, state);
    if (!taken) return finish(c, ctx, sessionId);

    const providerName = providerOf(record).provider.name;
    const providerError = c.req.query('error');
    if (providerError !== undefined) {
      // A fixed message per case: the query string is not ours, so none of it is shown.
      const reason = providerError === 'access_denied' ? `Access was denied on ${providerName}.` : `${providerName} returned an error. Please try again.`;
      failSession(ctx, sessionId, reason, state);
      return finish(c, ctx, sessionId);
    }

    const code = c.req.query('code');
    if (!code) {
      failSession(ctx, sessionId, 'The provider sent no authorization code.', state);
      return finish(c, ctx, sessionId);
    }

    const token = await exchangeCode(ctx, record, taken, code);
    if ('error' in token) {
      failSession(ctx, sessionId, `The authorization could not be completed (${token.error}). Please try again.`, state);
    } else {
      completeSession(ctx, sessionId, state, token.accessToken);
    }
    return finish(c, ctx, sessionId);
  });
}

async function exchangeCode(
  ctx: SandboxContext,
  record: SessionRecord,
  authorization: PendingAuthorization,
  code: string,
): Promise<{ accessToken: string } | { error: string }> {
  const client = record.session.credentials && ctx.demoClients.byCredentials(record.session.credentials.id);
  if (!client) return { error: 'no_client' };
  try {
    const response = await fetch(`${ctx.publicUrl()}/demo-oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: callbackUrl(ctx),
        code_verifier: authorization.codeVerifier,
      }),
      signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown; error_description?: unknown };
    if (response.ok && typeof body.access_token === 'string') return { accessToken: body.access_token };
    // From the provider's token endpoint (back channel), not from the browser: safe to show.
    const error = typeof body.error === 'string' ? body.error.slice(0, 60) : `http_${response.status}`;
    const description = typeof body.error_description === 'string' ? `: ${body.error_description.slice(0, 160)}` : '';
    return { error: error + description };
  } catch {
    return { error: 'provider_unreachable' };
  }
}

/**
 * After the callback, completed or failed: 302 to `redirect_url` exactly as given (no
 * parameters added), else the page's own result screen. Never throws for a stored session:
 * a `redirect_url` that could not be sent as given (create refuses those) shows the screen.
 */
function finish(c: Context, ctx: SandboxContext, sessionId: string): Response {
  const record = ctx.store.get(sessionId);
  if (!record) {
    // Deleted through the API while the callback ran.
    return messagePage(c, 410, {
      title: 'This setup was deleted',
      message: 'The app removed this setup while you were signing in. Return to the app and start again.',
      icon: '!',
    });
  }
  const redirectUrl = record.session.redirect_url;
  if (isRedirectable(redirectUrl)) return c.redirect(redirectUrl, 302);
  return c.redirect(setupPaths(sessionId).result, 302);
}
