/** The hosted setup page at each session's `url`, and the routes its forms post to. */
import type { Context, Hono } from 'hono';
import type { CatalogEntry } from '../catalog.js';
import type { SandboxContext } from '../context.js';
import { createCodeVerifier, s256Challenge } from '../oauth/pkce.js';
import { callbackUrl } from '../oauth/callback.js';
import { bindBrowser } from '../oauth/browser-binding.js';
import { randomBase62 } from '../ids.js';
import { safeEqual } from '../secure.js';
import { currentStatus, nextStep, providerOf, submitAuthInput, submitConfig } from '../sessions.js';
import type { SessionRecord } from '../store.js';
import { readFormFields } from '../form.js';
import { isRedirectable } from '../redirect.js';
import { fieldsOf, validateFields } from './forms.js';
import { messagePage } from './layout.js';
import { formCompletedPage, formStepPage, oauthStepPage, resultPage, setupPaths } from './setup.js';

export function registerPageRoutes(app: Hono, ctx: SandboxContext): void {
  app.get('/setup/:id', (c) => {
    const record = findWithSecret(c, ctx, c.req.query('client_secret'));
    if (record instanceof Response) return record;
    const entry = providerOf(record);
    const status = currentStatus(record, ctx.now());
    // Upstream: reopening a completed session's url with a redirect_url goes there at once.
    if (status === 'completed' && isRedirectable(record.session.redirect_url)) return c.redirect(record.session.redirect_url, 302);
    if (status !== 'pending') return resultPage(c, record, entry, status);
    return stepPage(c, record, entry);
  });

  // The config form (auth_and_config sessions), then the auth form (input_schema's fields).
  for (const step of ['config', 'auth_form'] as const) {
    app.post(step === 'config' ? '/setup/:id/config' : '/setup/:id/auth', async (c) => {
      const form = await readFormFields(c);
      if (!form) return messagePage(c, 400, { title: 'Bad request', message: 'The form could not be read.', icon: '!' });
      const record = findWithSecret(c, ctx, form.client_secret);
      if (record instanceof Response) return record;
      const entry = providerOf(record);
      const status = currentStatus(record, ctx.now());
      if (status !== 'pending') return resultPage(c, record, entry, status);
      // A form sent twice, or from an older tab: show where the session stands now.
      if (nextStep(record) !== step) return stepPage(c, record, entry);

      const fields = fieldsOf(step === 'config' ? entry.configSchema : record.session.auth_method.input_schema.schema);
      const { values, errors } = validateFields(fields, form);
      if (Object.keys(errors).length > 0) return formStepPage(c, record, entry, step, form, errors);

      const updated = step === 'config' ? submitConfig(ctx, record.session.id, values, entry) : submitAuthInput(ctx, record.session.id, values);
      if (!updated) return unknownSession(c);
      if (updated.session.status === 'completed') return formCompletedPage(c, updated, entry);
      // Post/redirect/get: the next step at the page's own url.
      return c.redirect(record.session.url, 303);
    });
  }

  // Continue on the OAuth step: start an authorization-code flow with state and PKCE (S256)
  // and send this same window to the provider. A failed session may run it again (upstream:
  // a retried OAuth step can still complete it).
  app.post('/setup/:id/start', async (c) => {
    const form = await readFormFields(c);
    if (!form) return messagePage(c, 400, { title: 'Bad request', message: 'The form could not be read.', icon: '!' });
    const record = findWithSecret(c, ctx, form.client_secret);
    if (record instanceof Response) return record;
    const entry = providerOf(record);
    const { session } = record;
    const now = ctx.now();
    const retry = session.status === 'failed' && now < Date.parse(session.expires_at);
    const status = currentStatus(record, now);
    if (status !== 'pending' && !retry) return resultPage(c, record, entry, status);
    if (!retry && nextStep(record) !== 'oauth') return stepPage(c, record, entry);

    const client = session.credentials && ctx.demoClients.byCredentials(session.credentials.id);
    if (session.auth_method.type !== 'oauth' || !client) {
      return messagePage(c, 500, { title: 'Setup unavailable', message: 'No OAuth app is configured for this session.', icon: '!' });
    }
    // The state names its session so the callback can find it; the random part is the check.
    const state = `${session.id}.${randomBase62(32)}`;
    const codeVerifier = createCodeVerifier();
    const browserBindingHash = bindBrowser(c, session.id, ctx.publicUrl());
    // The latest Continue wins: an earlier attempt's callback no longer matches.
    ctx.store.update(session.id, (current) => ({
      ...current,
      authorization: { state, codeVerifier, browserBindingHash, startedAt: now },
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
}

/** The screen of a pending session's next step. */
function stepPage(c: Context, record: SessionRecord, entry: CatalogEntry): Response {
  const step = nextStep(record);
  if (step === 'config' || step === 'auth_form') return formStepPage(c, record, entry, step, null, {});
  if (step === 'oauth') return oauthStepPage(c, record, entry);
  return resultPage(c, record, entry, record.session.status);
}

/** As upstream's single-page app, every screen answers 200, the invalid-link ones included. */
function unknownSession(c: Context): Response {
  return messagePage(c, 200, {
    title: 'Setup link not found',
    message: 'This setup link is not valid. Return to the app and start again.',
    icon: '?',
  });
}

/** The session whose client secret matches, or the invalid-link screen. */
function findWithSecret(c: Context, ctx: SandboxContext, secret: string | undefined): SessionRecord | Response {
  const record = ctx.store.get(c.req.param('id') ?? '');
  if (!record) return unknownSession(c);
  if (!secret || !safeEqual(secret, record.clientSecret)) {
    return messagePage(c, 200, {
      title: 'Invalid setup link',
      message: 'This setup link is incomplete or its secret is wrong. Return to the app and start again.',
      icon: '!',
    });
  }
  return record;
}
