/** The hosted setup page's OAuth step and its result screens. */
import type { Context } from 'hono';
import type { SessionStatus } from '../../shared/session.js';
import type { CatalogEntry } from '../catalog.js';
import type { SessionRecord } from '../store.js';
import { html } from './html.js';
import { messagePage, renderPage } from './layout.js';

export function setupPaths(sessionId: string) {
  const base = `/setup/${encodeURIComponent(sessionId)}`;
  return { page: base, start: `${base}/start`, result: `${base}/result` };
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
