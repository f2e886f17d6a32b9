/**
 * The sandbox's OAuth callback: checks `state`, exchanges the code at the provider's token
 * endpoint over real HTTP with the PKCE verifier, and completes or fails the session.
 */
import type { Context, Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import { messagePage } from '../pages/layout.js';
import { notifyFramePage, setupPaths } from '../pages/setup.js';
import { safeEqual } from '../secure.js';
import { completeSession, currentStatus, failSession, providerOf } from '../sessions.js';
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
    const status = currentStatus(record, ctx.now());
    if (status === 'expired') {
      return messagePage(c, 410, { title: 'This setup link expired', message: 'Return to the app and start again.', icon: '⏱' });
    }
    if (status !== 'pending') {
      return messagePage(c, 409, { title: 'This setup has already finished', message: 'Return to the app.', icon: '!' });
    }

    const authorization = record.authorization;
    if (!authorization || !safeEqual(state, authorization.state)) {
      failSession(ctx, record.session.id, 'The sign-in response could not be verified (state mismatch). Please try again.');
      return finish(c, ctx, record.session.id, authorization);
    }

    const providerError = c.req.query('error');
    if (providerError !== undefined) {
      const reason =
        providerError === 'access_denied'
          ? `Access was denied on ${providerOf(record).provider.name}.`
          : `${providerOf(record).provider.name} returned an error (${providerError.slice(0, 60)}).`;
      failSession(ctx, record.session.id, reason);
      return finish(c, ctx, record.session.id, authorization);
    }

    const code = c.req.query('code');
    if (!code) {
      failSession(ctx, record.session.id, 'The provider sent no authorization code.');
      return finish(c, ctx, record.session.id, authorization);
    }

    const token = await exchangeCode(ctx, record, authorization, code);
    if ('error' in token) {
      failSession(ctx, record.session.id, `The authorization could not be completed (${token.error}). Please try again.`);
    } else {
      completeSession(ctx, record.session.id, token.accessToken);
    }
    return finish(c, ctx, record.session.id, authorization);
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
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown };
    if (response.ok && typeof body.access_token === 'string') return { accessToken: body.access_token };
    return { error: typeof body.error === 'string' ? body.error.slice(0, 60) : `http_${response.status}` };
  } catch {
    return { error: 'provider_unreachable' };
  }
}

/** After the callback: notify the frame (popup from a framed page), else redirect. */
function finish(c: Context, ctx: SandboxContext, sessionId: string, authorization: PendingAuthorization | null): Response {
  const record = ctx.store.get(sessionId)!;
  const status = currentStatus(record, ctx.now());
  if (authorization?.openedFromFrame) {
    return notifyFramePage(c, sessionId, status, new URL(ctx.publicUrl()).origin, providerOf(record).provider.name);
  }
  // Exactly as given: no parameters added.
  if (record.session.redirect_url) return c.redirect(record.session.redirect_url, 303);
  return c.redirect(setupPaths(sessionId).result, 303);
}
