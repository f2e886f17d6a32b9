/** The hosted setup page, its result screens and the popup's "notify the frame" page. */
import type { Context } from 'hono';
import type { SessionStatus } from '../../shared/session.js';
import type { CatalogEntry } from '../catalog.js';
import type { SessionRecord } from '../store.js';
import { html, jsonForScript } from './html.js';
import { messagePage, renderPage } from './layout.js';

/** `type` of the message the popup's callback page sends to the framed setup page. */
export const SETUP_FINISHED_MESSAGE = 'metorial-sandbox:setup-finished';

/** BroadcastChannel the popup also announces on, for when COOP severed `window.opener`. */
export function setupChannelName(sessionId: string): string {
  return `metorial-sandbox-setup:${sessionId}`;
}

export function setupPaths(sessionId: string) {
  const base = `/setup/${encodeURIComponent(sessionId)}`;
  return { page: base, start: `${base}/start`, status: `${base}/status`, result: `${base}/result` };
}

/**
 * Framed only (iframe ui mode): the provider's consent refuses to be framed, so Continue
 * opens it in a popup — synchronously in the submit handler, to keep the user activation —
 * and the frame waits for the popup's message, the BroadcastChannel, or (last resort) its
 * status endpoint, then navigates itself to `redirect_url` or its result screen.
 */
const FRAME_SCRIPT = `(() => {
  if (window.top === window) return;
  const config = JSON.parse(document.getElementById('setup-config').textContent);
  const form = document.getElementById('continue-form');
  const status = document.getElementById('setup-status');
  form.elements.mode.value = 'frame';
  let popup = null;
  let channel = null;
  let timer = 0;
  let finished = false;

  const isFinishedMessage = (data) =>
    data !== null && typeof data === 'object' && data.type === config.messageType && data.session_id === config.sessionId;

  const finish = (outcome) => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    if (channel) channel.close();
    status.textContent = outcome === 'completed' ? 'Connected. Finishing…' : 'Finishing…';
    location.replace(config.redirectUrl || config.resultUrl);
  };

  // The outcome always comes from the server, whatever woke us up.
  const check = async () => {
    try {
      const response = await fetch(config.statusUrl, {
        headers: { Authorization: 'Bearer ' + config.clientSecret },
        cache: 'no-store',
      });
      if (!response.ok) return;
      const body = await response.json();
      if (body && typeof body.status === 'string' && body.status !== 'pending') finish(body.status);
    } catch (error) {
      // Network hiccup: the next signal or poll tries again.
    }
  };

  window.addEventListener('message', (event) => {
    if (event.origin !== config.origin || popup === null || event.source !== popup) return;
    if (isFinishedMessage(event.data)) check();
  });
  if ('BroadcastChannel' in window) {
    channel = new BroadcastChannel(config.channel);
    channel.onmessage = (event) => { if (isFinishedMessage(event.data)) check(); };
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = 'metorial-setup-' + config.sessionId;
    popup = window.open('', name, 'popup,width=520,height=700');
    if (!popup) {
      status.textContent = 'Your browser blocked the sign-in window. Allow pop-ups for this site and press Continue again.';
      return;
    }
    form.target = name;
    form.submit();
    status.textContent = 'Finish signing in in the window that opened.';
    if (!timer) timer = setInterval(check, 2000);
  });
})();`;

export function setupPage(c: Context, record: SessionRecord, entry: CatalogEntry, origin: string): Response {
  const { session } = record;
  const paths = setupPaths(session.id);
  const config = {
    sessionId: session.id,
    clientSecret: record.clientSecret,
    origin,
    channel: setupChannelName(session.id),
    messageType: SETUP_FINISHED_MESSAGE,
    statusUrl: paths.status,
    resultUrl: paths.result,
    redirectUrl: session.redirect_url,
  };
  const provider = entry.provider;
  return renderPage(c, {
    title: `Connect ${provider.name}`,
    frameable: true,
    body: html`
<div class="logos"><img src="${provider.logo_url}" alt="${provider.name} logo"></div>
<h1>Connect ${provider.name}</h1>
<p>${session.name ?? `You'll be asked to sign in to ${provider.name} and allow access to:`}</p>
<ul class="scopes" aria-label="Requested permissions">
${session.auth_method.scopes.map((scope) => html`<li><strong>${scope.name}</strong><span>${scope.description}</span></li>`)}
</ul>
<form id="continue-form" method="post" action="${paths.start}">
<input type="hidden" name="client_secret" value="${record.clientSecret}">
<input type="hidden" name="mode" value="window">
<div class="actions"><button type="submit" class="primary">Continue</button></div>
</form>
<p class="status" id="setup-status" role="status" aria-live="polite"></p>
<footer>Metorial sandbox · expires ${new Date(session.expires_at).toUTCString()}</footer>
<script type="application/json" id="setup-config">${jsonForScript(config)}</script>`,
    script: FRAME_SCRIPT,
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

/**
 * The popup opened from a framed setup page ends here: tell the frame (opener by exact
 * origin, plus the BroadcastChannel for when COOP severed the opener), then close.
 */
export function notifyFramePage(c: Context, sessionId: string, status: SessionStatus, origin: string, providerName: string): Response {
  const message = { type: SETUP_FINISHED_MESSAGE, session_id: sessionId, status };
  const script = `(() => {
  const message = JSON.parse(document.getElementById('notify-config').textContent);
  try { if (window.opener) window.opener.postMessage(message.data, message.origin); } catch (error) {}
  try { if ('BroadcastChannel' in window) new BroadcastChannel(message.channel).postMessage(message.data); } catch (error) {}
  window.close();
})();`;
  // Pending: a repeated callback while the first is still exchanging the code.
  const title =
    status === 'completed' ? `${providerName} connected` : status === 'pending' ? `Connecting ${providerName}…` : `Couldn't connect ${providerName}`;
  const icon = status === 'completed' ? '✓' : status === 'pending' ? '…' : '✕';
  return renderPage(c, {
    title,
    body: html`
<div class="icon" aria-hidden="true">${icon}</div>
<h1>${title}</h1>
<p role="status">You can close this window.</p>
<script type="application/json" id="notify-config">${jsonForScript({ data: message, origin, channel: setupChannelName(sessionId) })}</script>`,
    script,
  });
}
