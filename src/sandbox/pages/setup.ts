/** The hosted setup page's OAuth step and its result screens. */
import type { Context } from 'hono';
import type { SessionStatus } from '../../shared/session.js';
import type { CatalogEntry } from '../catalog.js';
import type { SessionRecord } from '../store.js';
import { isRedirectable } from '../redirect.js';
import { fieldsOf, renderFields } from './forms.js';
import { html, jsonForScript } from './html.js';
import { messagePage, renderPage } from './layout.js';

/** After a token / custom form, upstream's page shows "completed" this long, then redirects. */
export const FORM_REDIRECT_DELAY_MS = 1500;

export function setupPaths(sessionId: string) {
  const base = `/setup/${encodeURIComponent(sessionId)}`;
  return { page: base, start: `${base}/start`, config: `${base}/config`, auth: `${base}/auth`, result: `${base}/result` };
}

/**
 * A form step: the provider's config (`config`) or the auth method's `input_schema`
 * (`auth_form`: an API key, a workspace subdomain before OAuth…). `input` and `errors` come
 * back from a refused submission; secrets are never written back into the page. Answers 200
 * either way, like every screen of upstream's single-page app.
 */
export function formStepPage(
  c: Context,
  record: SessionRecord,
  entry: CatalogEntry,
  step: 'config' | 'auth_form',
  input: Record<string, string> | null,
  errors: Record<string, string>,
): Response {
  const { session } = record;
  const provider = entry.provider;
  const isConfig = step === 'config';
  const fields = fieldsOf(isConfig ? entry.configSchema : session.auth_method.input_schema.schema);
  const errorCount = Object.keys(errors).length;
  const lead = isConfig
    ? `Choose how ${provider.name} is set up for this connection.`
    : session.auth_method.type === 'oauth'
      ? `Tell us where your ${provider.name} account is; you'll sign in next.`
      : session.auth_method.description;
  return renderPage(c, {
    title: `${isConfig ? 'Configure' : 'Connect'} ${provider.name}`,
    frameable: true,
    body: html`
<div class="logos"><img src="${provider.logo_url}" alt="${provider.name} logo"></div>
<h1>${isConfig ? 'Configure' : 'Connect'} ${provider.name}</h1>
<p>${lead}</p>
${errorCount > 0 ? html`<p class="form-error" role="alert">${errorCount === 1 ? 'One field needs' : `${errorCount} fields need`} your attention.</p>` : ''}
<form id="${isConfig ? 'config-form' : 'auth-form'}" method="post" action="${isConfig ? setupPaths(session.id).config : setupPaths(session.id).auth}" novalidate>
<input type="hidden" name="client_secret" value="${record.clientSecret}">
${renderFields(fields, input, errors)}
<div class="actions"><button type="submit" class="primary">${isConfig || session.auth_method.type === 'oauth' ? 'Continue' : 'Connect'}</button></div>
</form>
<footer>Metorial sandbox · expires ${new Date(session.expires_at).toUTCString()}</footer>`,
  });
}

/**
 * A token / custom form completed the session: "completed", then, as upstream, the page goes
 * to `redirect_url` after 1.5 s (a tiny script under the page's CSP nonce; the link is there
 * for a browser without scripts). Without `redirect_url`, the completed screen stays.
 */
export function formCompletedPage(c: Context, record: SessionRecord, entry: CatalogEntry): Response {
  const redirectUrl = record.session.redirect_url;
  if (!isRedirectable(redirectUrl)) return resultPage(c, record, entry, 'completed');
  const provider = entry.provider;
  return renderPage(c, {
    title: `${provider.name} connected`,
    frameable: true,
    body: html`
<div class="logos"><img src="${provider.logo_url}" alt=""></div>
<h1>${provider.name} connected</h1>
<p role="status">Completed. Taking you back… <a id="continue-link" href="${redirectUrl}">Continue</a></p>
<script type="application/json" id="redirect-config">${jsonForScript({ url: redirectUrl, delay: FORM_REDIRECT_DELAY_MS })}</script>`,
    script: `(() => {
  const config = JSON.parse(document.getElementById('redirect-config').textContent);
  setTimeout(() => { window.location.href = config.url; }, config.delay);
})();`,
  });
}

/**
 * "Sign in required": Connect Account is a plain form that navigates this same window to the
 * OAuth start, which redirects to the provider, as upstream's page does (`location.href`).
 * No script: in an iframe the frame itself goes to the provider, whose consent refuses to be
 * framed. That is what production does, so the sandbox does it too.
 */
export function oauthStepPage(c: Context, record: SessionRecord, entry: CatalogEntry): Response {
  const { session } = record;
  const provider = entry.provider;
  return renderPage(c, {
    title: `Connect ${provider.name}`,
    frameable: true,
    body: html`
<div class="logos"><img src="${provider.logo_url}" alt="${provider.name} logo"></div>
<span class="badge">Sign in required</span>
<h1>Connect ${provider.name}</h1>
<p>${session.name ?? `You'll be asked to sign in to ${provider.name} and allow access to:`}</p>
<ul class="scopes" aria-label="Requested permissions">
${session.auth_method.scopes.map((scope) => html`<li><strong>${scope.name}</strong><span>${scope.description}</span></li>`)}
</ul>
<form id="continue-form" method="post" action="${setupPaths(session.id).start}">
<input type="hidden" name="client_secret" value="${record.clientSecret}">
<div class="actions"><button type="submit" class="primary">Continue</button></div>
</form>
<footer>Metorial sandbox · expires ${new Date(session.expires_at).toUTCString()}</footer>`,
  });
}

/** The page's own completed / failed / expired / pending screen. */
export function resultPage(c: Context, record: SessionRecord, entry: CatalogEntry, status: SessionStatus): Response {
  const name = entry.provider.name;
  switch (status) {
    case 'completed':
      return messagePage(c, 200, {
        title: `${name} connected`,
        message: 'You can close this window and return to the app.',
        icon: '✓',
        logoUrl: entry.provider.logo_url,
      });
    case 'failed':
      return messagePage(c, 200, {
        title: `Couldn't connect ${name}`,
        message: record.failureReason ?? 'The connection failed. Return to the app and try again.',
        icon: '✕',
      });
    case 'expired':
      return messagePage(c, 200, { title: 'This setup link expired', message: 'Return to the app and start again.', icon: '⏱' });
    default:
      return messagePage(c, 200, { title: `Connecting ${name}…`, message: 'The setup has not finished yet.', icon: '…' });
  }
}
