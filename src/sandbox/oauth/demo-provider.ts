/**
 * A demo OAuth 2.0 provider (authorization-code grant with PKCE S256), standing in for
 * GitHub, Slack, … Its consent page refuses to be framed, like real providers'.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CATALOG } from '../catalog.js';
import type { SandboxContext } from '../context.js';
import { html } from '../pages/html.js';
import { messagePage, renderPage } from '../pages/layout.js';
import { randomToken, safeEqual } from '../secure.js';
import type { DemoClient } from './clients.js';
import { readFormFields } from '../form.js';
import { s256Challenge, VERIFIER_PATTERN } from './pkce.js';
import { BoundedExpiringMap } from './bounded-map.js';

/** Codes live this long (RFC 6749 recommends at most 10 minutes; real providers use ~1). */
export const CODE_TTL_MS = 60_000;
/** An unanswered consent screen is forgotten after this long. */
const CONSENT_TTL_MS = 10 * 60_000;
/** Longer `state` / `scope` values are refused (the sandbox's own are well under 100 characters). */
export const MAX_STATE_LENGTH = 512;
export const MAX_SCOPE_LENGTH = 1024;

interface AuthorizationRequest {
  client: DemoClient;
  redirectUri: string;
  scope: string;
  state: string;
  codeChallenge: string;
  expiresAt: number;
}

interface IssuedCode {
  client: DemoClient;
  redirectUri: string;
  scope: string;
  codeChallenge: string;
  expiresAt: number;
  /** Codes are single-use: any redemption attempt burns the code. */
  used: boolean;
}

export function registerDemoOAuthRoutes(app: Hono, ctx: SandboxContext): void {
  // Anyone can ask for a consent screen, so what it stores is capped (oldest evicted first).
  const consents = new BoundedExpiringMap<AuthorizationRequest>(ctx.maxOAuthGrants);
  const codes = new BoundedExpiringMap<IssuedCode>(ctx.maxOAuthGrants);

  const sweep = () => {
    const now = ctx.now();
    consents.sweep(now);
    // Keep used codes until they expire so a replay is recognised as such.
    codes.sweep(now);
  };

  const consentHeaders = (): Record<string, string> =>
    ctx.providerCoop ? { 'Cross-Origin-Opener-Policy': 'same-origin' } : {};

  const providerError = (c: Context, status: ContentfulStatusCode, message: string) =>
    renderPage(c, {
      title: 'Authorization error',
      status,
      headers: consentHeaders(),
      body: html`<div class="icon" aria-hidden="true">!</div><h1>Authorization error</h1><p role="alert">${message}</p>`,
    });

  /** Errors after the client and redirect URI are verified go back to the client (RFC 6749 §4.1.2.1). */
  const redirectWith = (c: Context, redirectUri: string, params: Record<string, string>) => {
    const target = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
    return c.redirect(target.href, 302);
  };

  app.get('/demo-oauth/authorize', (c) => {
    sweep();
    const q = (name: string) => c.req.query(name) ?? '';
    const client = ctx.demoClients.byClientId(q('client_id'));
    if (!client) return providerError(c, 400, 'Unknown client_id.');
    if (q('redirect_uri') !== registeredRedirectUri(ctx)) return providerError(c, 400, 'redirect_uri is not registered for this client.');

    const redirectUri = q('redirect_uri');
    const state = q('state');
    // Stored until answered: bounded, and never echoed back when too long (so checked before
    // any error that redirects with it).
    if (state.length > MAX_STATE_LENGTH) return providerError(c, 400, `state may be at most ${MAX_STATE_LENGTH} characters.`);
    const fail = (error: string, description: string) =>
      redirectWith(c, redirectUri, { error, error_description: description, ...(state ? { state } : {}) });
    if (q('response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
    if (!state) return fail('invalid_request', 'state is required.');
    if (q('scope').length > MAX_SCOPE_LENGTH) return fail('invalid_scope', `scope may be at most ${MAX_SCOPE_LENGTH} characters.`);
    if (q('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(q('code_challenge'))) {
      return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required.');
    }

    const requestId = randomToken(24);
    consents.set(requestId, {
      client,
      redirectUri,
      scope: q('scope'),
      state,
      codeChallenge: q('code_challenge'),
      expiresAt: ctx.now() + CONSENT_TTL_MS,
    });
    return consentPage(c, client, q('scope').split(' ').filter(Boolean), requestId, consentHeaders());
  });

  app.post('/demo-oauth/authorize', async (c) => {
    sweep();
    const form = await readFormFields(c);
    if (!form) return providerError(c, 400, 'The form could not be read.');
    const requestId = form.request_id ?? '';
    const request = consents.get(requestId);
    if (!request) return providerError(c, 400, 'This authorization request expired or was already answered.');
    consents.delete(requestId);

    if (form.decision !== 'allow') {
      return redirectWith(c, request.redirectUri, {
        error: 'access_denied',
        error_description: 'The user denied access.',
        state: request.state,
      });
    }
    const code = randomToken(32);
    codes.set(code, {
      client: request.client,
      redirectUri: request.redirectUri,
      scope: request.scope,
      codeChallenge: request.codeChallenge,
      expiresAt: ctx.now() + CODE_TTL_MS,
      used: false,
    });
    return redirectWith(c, request.redirectUri, { code, state: request.state });
  });

  app.post('/demo-oauth/token', async (c) => {
    sweep();
    const tokenError = (status: ContentfulStatusCode, error: string, description: string, headers: Record<string, string> = {}) =>
      c.json({ error, error_description: description }, status, { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers });

    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      return tokenError(400, 'invalid_request', 'Send the request as application/x-www-form-urlencoded.');
    }
    const form = await readFormFields(c);
    if (!form) return tokenError(400, 'invalid_request', 'The request body could not be read.');
    const field = (name: string) => form[name] ?? '';

    // Client authentication: HTTP Basic (preferred) or client_secret_post.
    let clientId = field('client_id');
    let clientSecret = field('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      try {
        clientId = colon < 0 ? '' : decodeURIComponent(decoded.slice(0, colon));
        clientSecret = colon < 0 ? '' : decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        clientId = ''; // malformed percent-encoding: fails authentication below
      }
    }
    const client = ctx.demoClients.byClientId(clientId);
    if (!client || !safeEqual(clientSecret, client.clientSecret)) {
      return tokenError(401, 'invalid_client', 'Client authentication failed.', { 'WWW-Authenticate': 'Basic realm="demo-oauth"' });
    }
    if (field('grant_type') !== 'authorization_code') {
      return tokenError(400, 'unsupported_grant_type', 'Only authorization_code is supported.');
    }

    const issued = codes.get(field('code'));
    if (!issued || issued.client.clientId !== client.clientId) {
      return tokenError(400, 'invalid_grant', 'The authorization code is invalid.');
    }
    if (issued.used) return tokenError(400, 'invalid_grant', 'The authorization code was already used.');
    issued.used = true; // burn it now, whatever happens next
    if (issued.expiresAt <= ctx.now()) return tokenError(400, 'invalid_grant', 'The authorization code expired.');
    if (field('redirect_uri') !== issued.redirectUri) return tokenError(400, 'invalid_grant', 'redirect_uri does not match.');
    const verifier = field('code_verifier');
    if (!VERIFIER_PATTERN.test(verifier) || !safeEqual(s256Challenge(verifier), issued.codeChallenge)) {
      return tokenError(400, 'invalid_grant', 'The PKCE code_verifier does not match the code_challenge.');
    }

    return c.json(
      { access_token: `demo_at_${randomToken(32)}`, token_type: 'Bearer', expires_in: 3600, scope: issued.scope },
      200,
      { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    );
  });

  app.all('/demo-oauth/*', (c) =>
    messagePage(c, 405, { title: 'Not allowed', message: 'This endpoint does not accept that method.', icon: '!', frameable: false }),
  );
}

/** The one redirect URI every demo client registered: the sandbox's OAuth callback. */
export function registeredRedirectUri(ctx: SandboxContext): string {
  return `${ctx.publicUrl()}/oauth/callback`;
}

function consentPage(c: Context, client: DemoClient, scopes: string[], requestId: string, headers: Record<string, string>): Response {
  const entry = CATALOG.find((e) => e.provider.id === client.providerId)!;
  const described = entry.provider.auth_methods.flatMap((m) => m.scopes);
  return renderPage(c, {
    title: `Authorize ${client.appName} · ${entry.provider.name}`,
    headers,
    body: html`
<span class="badge">${entry.provider.name} (demo provider)</span>
<div class="logos"><img src="${entry.provider.logo_url}" alt="${entry.provider.name} logo"></div>
<h1>Authorize ${client.appName}</h1>
<p>${client.appName} wants to access your ${entry.provider.name} account <strong>demo-user</strong>.</p>
<ul class="scopes" aria-label="Permissions requested">
${scopes.map((scope) => {
  const known = described.find((d) => d.scope === scope);
  return html`<li><strong>${known?.name ?? scope}</strong><span>${known?.description ?? scope}</span></li>`;
})}
</ul>
<form method="post" action="/demo-oauth/authorize">
<input type="hidden" name="request_id" value="${requestId}">
<div class="actions">
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="allow" class="primary">Allow</button>
</div>
</form>
<footer>Sandbox OAuth provider · no real account is used</footer>`,
  });
}
