/** The hosted setup page at each session's `url`, and the routes it uses. */
import type { Context, Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import { createCodeVerifier, s256Challenge } from '../oauth/pkce.js';
import { callbackUrl } from '../oauth/callback.js';
import { bindBrowser } from '../oauth/browser-binding.js';
import { randomBase62 } from '../ids.js';
import { safeEqual } from '../secure.js';
import { currentStatus, providerOf } from '../sessions.js';
import type { SessionRecord } from '../store.js';
import { readFormFields } from '../form.js';
import { isRedirectable } from '../redirect.js';
import { messagePage } from './layout.js';
import { oauthStepPage, resultPage } from './setup.js';

export function registerPageRoutes(app: Hono, ctx: SandboxContext): void {
  app.get('/setup/:id', (c) => {
    const checked = checkSetupAccess(c, ctx, c.req.query('client_secret'));
    if (checked instanceof Response) return checked;
    return oauthStepPage(c, checked, providerOf(checked));
  });

  // Continue: start an OAuth authorization-code flow with state and PKCE (S256).
  app.post('/setup/:id/start', async (c) => {
    const form = await readFormFields(c);
    if (!form) return messagePage(c, 400, { title: 'Bad request', message: 'The form could not be read.', icon: '!' });
    const secret = form.client_secret;
    const checked = checkSetupAccess(c, ctx, secret);
    if (checked instanceof Response) return checked;

    const { session } = checked;
    const client = session.credentials && ctx.demoClients.byCredentials(session.credentials.id);
    if (!client) {
      return messagePage(c, 500, { title: 'Setup unavailable', message: 'No OAuth app is configured for this session.', icon: '!' });
    }
    // The state names its session so the callback can find it; the random part is the check.
    const state = `${session.id}.${randomBase62(32)}`;
    const codeVerifier = createCodeVerifier();
    const browserBindingHash = bindBrowser(c, session.id, ctx.publicUrl());
    // The latest Continue wins: an earlier attempt's callback no longer matches.
    ctx.store.update(session.id, (record) => ({
      ...record,
      authorization: { state, codeVerifier, browserBindingHash },
    }));

    const authorize = new URL('/demo-oauth/authorize', ctx.publicUrl());
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: callbackUrl(ctx),
      scope: session.auth_method.scopes.map((s) => s.scope).join(' '),
      state,
      code_challenge: s256Challenge(codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    return c.redirect(authorize.href, 303);
  });

  // The page's own completed / failed screen. Shows nothing secret, so it needs no secret.
  app.get('/setup/:id/result', (c) => {
    const record = ctx.store.get(c.req.param('id'));
    if (!record) return unknownSession(c);
    return resultPage(c, record, providerOf(record), currentStatus(record, ctx.now()));
  });

  app.all('/setup/:id', (c) => messagePage(c, 405, { title: 'Not allowed', message: 'Open the setup link in your browser.', icon: '!' }));
}

function unknownSession(c: Context): Response {
  return messagePage(c, 404, {
    title: 'Setup link not found',
    message: 'This setup link is not valid. Return to the app and start again.',
    icon: '?',
  });
}

/** A pending session whose client secret matches, or the error page to show. */
function checkSetupAccess(c: Context, ctx: SandboxContext, secret: string | undefined): SessionRecord | Response {
  const record = ctx.store.get(c.req.param('id') ?? '');
  if (!record) return unknownSession(c);
  if (!secret || !safeEqual(secret, record.clientSecret)) {
    return messagePage(c, 403, {
      title: 'Invalid setup link',
      message: 'This setup link is incomplete or its secret is wrong. Return to the app and start again.',
      icon: '!',
    });
  }
  const status = currentStatus(record, ctx.now());
  if (status === 'expired') {
    return messagePage(c, 410, { title: 'This setup link expired', message: 'Return to the app and start again.', icon: '⏱' });
  }
  // Upstream: reopening a completed session's url with a redirect_url goes there at once.
  if (status === 'completed' && isRedirectable(record.session.redirect_url)) return c.redirect(record.session.redirect_url, 302);
  if (status !== 'pending') {
    return messagePage(c, 409, {
      title: 'This setup has already finished',
      message: status === 'completed' ? 'The account is already connected. You can close this window.' : 'This setup ended. Return to the app and start again.',
      icon: status === 'completed' ? '✓' : '!',
    });
  }
  return record;
}
