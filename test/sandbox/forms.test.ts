/** The hosted page's forms: a token method, OAuth with a field before consent, and an
 *  auth_and_config session (config form, then a custom method's form). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CATALOG } from '../../src/sandbox/index.js';
import type { SetupSession } from '../../src/shared/session.js';
import { fetchCallback, location, startTestSandbox, walkToCallback, type TestSandbox } from './helpers.js';

const REDIRECT = 'https://app.example.com/connected';
const providerId = (key: string) => CATALOG.find((e) => e.provider.key === key)!.provider.id;
const MAGNETAR = { 'Metorial-Version': '2026-01-01-magnetar' };

/** Posts a step's form like a browser: the page's client secret plus `fields`. */
async function submit(session: SetupSession, path: 'config' | 'auth' | 'start', fields: Record<string, string>) {
  const secret = new URL(session.url).searchParams.get('client_secret')!;
  const res = await fetch(new URL(`/setup/${session.id}/${path}`, session.url), {
    method: 'POST',
    body: new URLSearchParams({ client_secret: secret, ...fields }),
    redirect: 'manual',
  });
  return { res, page: res.headers.get('content-type')?.includes('text/html') ? await res.text() : '' };
}

/** `<tag …name="x"…>` of a field, or undefined. */
const control = (page: string, name: string) => new RegExp(`<(input|select|textarea)\\b[^>]*\\bname="${name}"[^>]*>`).exec(page)?.[0];

describe('sandbox hosted page forms', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());
  const read = async (id: string, headers: Record<string, string> = {}) => (await sb.api('GET', `/provider-setup-sessions/${id}`, undefined, headers)).body;

  describe('token method (Sentry)', () => {
    it('is an auth_only session with a token auth method, its input_schema and no OAuth credentials', async () => {
      const s = await sb.createSession({ provider_id: providerId('sentry') });
      assert.equal(s.auth_method.type, 'token');
      assert.equal(s.credentials, null);
      assert.equal(s.config, null);
      assert.deepEqual(Object.keys((s.auth_method.input_schema.schema as { properties: object }).properties), ['auth_token', 'organization']);
      assert.equal((await read(s.id, MAGNETAR)).type, 'auth_only');
    });

    it('shows a form from input_schema: a password field and a plain one, labelled, with help, required', async () => {
      const s = await sb.createSession({ provider_id: providerId('sentry'), redirect_url: REDIRECT });
      const res = await fetch(s.url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-frame-options'), null);
      const page = await res.text();
      assert.match(page, new RegExp(`<form id="auth-form" method="post" action="/setup/${s.id}/auth"`));
      const token = control(page, 'auth_token')!;
      assert.match(token, /type="password"/);
      assert.match(token, / required/);
      assert.match(token, /aria-describedby="field-auth_token-help"/);
      assert.match(page, /<label for="field-auth_token">Auth token<\/label>/);
      assert.match(page, /<small class="help" id="field-auth_token-help">Create one under Settings/);
      assert.match(control(page, 'organization')!, /type="text"/);
      assert.doesNotMatch(page, /<script/);
    });

    it('validates on the server: clear errors, the input kept except the secret', async () => {
      const s = await sb.createSession({ provider_id: providerId('sentry'), redirect_url: REDIRECT });
      const empty = await submit(s, 'auth', {});
      assert.equal(empty.res.status, 200, 'a screen, as upstream');
      assert.match(empty.page, /2 fields need your attention/);
      assert.match(empty.page, /Auth token is required\./);
      assert.match(empty.page, /Organization slug is required\./);

      const bad = await submit(s, 'auth', { auth_token: 'sntrys_secret_value', organization: 'Acme Org' });
      assert.equal(bad.res.status, 200, 'a screen, as upstream');
      assert.match(bad.page, /Organization slug: use lower-case letters, digits and dashes\./);
      assert.match(control(bad.page, 'organization')!, /value="Acme Org"/);
      assert.match(control(bad.page, 'organization')!, /aria-invalid="true"/);
      assert.doesNotMatch(bad.page, /sntrys_secret_value/, 'a secret is never written back');
      assert.match(control(bad.page, 'auth_token')!, /value=""/);

      const short = await submit(s, 'auth', { auth_token: 'short', organization: 'acme' });
      assert.match(short.page, /Auth token must be at least 8 characters\./);
      assert.equal((await read(s.id)).status, 'pending');
    });

    it('completes with a manual auth config, shows "completed" and redirects after 1.5 s under its CSP', async () => {
      const s = await sb.createSession({ provider_id: providerId('sentry'), redirect_url: REDIRECT, metadata: { user: 'u_9' } });
      const { res, page } = await submit(s, 'auth', { auth_token: 'sntrys_secret_value', organization: 'acme' });
      assert.equal(res.status, 200);
      assert.match(page, /Sentry connected/);
      assert.match(page, /Completed\./);
      const config = JSON.parse(/<script type="application\/json" id="redirect-config">([\s\S]*?)<\/script>/.exec(page)![1]!);
      assert.deepEqual(config, { url: REDIRECT, delay: 1500 });
      assert.match(page, /setTimeout\(\(\) => \{ window\.location\.href = config\.url; \}, config\.delay\)/);
      // The script runs under the page's own CSP nonce.
      const nonce = /script-src 'nonce-([^']+)'/.exec(res.headers.get('content-security-policy')!)![1];
      assert.match(page, new RegExp(`<script nonce="${nonce}">`));
      assert.match(page, new RegExp(`<a id="continue-link" href="${REDIRECT}">`));

      const done = await read(s.id);
      assert.equal(done.status, 'completed');
      assert.equal(done.auth_config.type, 'manual');
      assert.equal(done.auth_config.source, 'setup_session');
      assert.deepEqual(done.auth_config.metadata, { user: 'u_9' });
      assert.equal((await read(s.id, MAGNETAR)).auth_config.type, 'manual');
      const everything = JSON.stringify((await sb.api('GET', '/provider-setup-sessions?limit=100')).body);
      assert.ok(!everything.includes('sntrys_secret_value'), 'the token never leaves the server');

      // Reopening the completed session's url goes to redirect_url at once; a second post changes nothing.
      const reopened = await fetch(s.url, { redirect: 'manual' });
      assert.equal(reopened.status, 302);
      assert.equal(reopened.headers.get('location'), REDIRECT);
      const again = await submit(s, 'auth', { auth_token: 'another_token_value', organization: 'other' });
      assert.match(again.page, /Sentry connected/);
      assert.equal((await read(s.id)).auth_config.id, done.auth_config.id);
    });

    it('without redirect_url, stays on its own completed screen', async () => {
      const s = await sb.createSession({ provider_id: providerId('sentry') });
      const { page } = await submit(s, 'auth', { auth_token: 'sntrys_secret_value', organization: 'acme' });
      assert.match(page, /Sentry connected/);
      assert.match(page, /You can close this window/);
      assert.doesNotMatch(page, /<script/);
      const reopened = await fetch(s.url, { redirect: 'manual' });
      assert.equal(reopened.status, 200);
      assert.match(await reopened.text(), /Sentry connected/);
    });

    it('refuses the form once the session has expired', async () => {
      const s = await sb.createSession({ provider_id: providerId('sentry') });
      sb.clock.advance(1800 * 1000);
      const { page } = await submit(s, 'auth', { auth_token: 'sntrys_secret_value', organization: 'acme' });
      assert.match(page, /This setup link expired/);
      assert.equal((await read(s.id)).status, 'expired');
    });

    it('has no OAuth step: Continue cannot start one', async () => {
      const s = await sb.createSession({ provider_id: providerId('sentry') });
      const { res, page } = await submit(s, 'start', {});
      assert.equal(res.status, 200);
      assert.match(page, /id="auth-form"/, 'the page shows its form again');
    });
  });

  describe('OAuth with a field before consent (Zendesk)', () => {
    it('asks for the subdomain, validates it, then shows the OAuth step that completes the session', async () => {
      const s = await sb.createSession({ provider_id: providerId('zendesk'), redirect_url: REDIRECT });
      assert.equal(s.auth_method.type, 'oauth');
      const first = await (await fetch(s.url)).text();
      assert.match(control(first, 'subdomain')!, /type="text"/);
      assert.match(first, /Zendesk subdomain/);
      assert.match(first, /The &quot;acme&quot; in acme\.zendesk\.com\./);

      // Continue to OAuth before the field is given only shows the form again.
      assert.match((await submit(s, 'start', {})).page, /id="auth-form"/);

      const bad = await submit(s, 'auth', { subdomain: 'acme.zendesk.com' });
      assert.equal(bad.res.status, 200, 'a screen, as upstream');
      assert.match(bad.page, /without &quot;\.zendesk\.com&quot;/);
      assert.match(control(bad.page, 'subdomain')!, /value="acme\.zendesk\.com"/);

      const good = await submit(s, 'auth', { subdomain: ' acme ' });
      assert.equal(good.res.status, 303);
      assert.equal(good.res.headers.get('location'), s.url);
      assert.equal((await read(s.id)).status, 'pending');

      const { callbackUrl, cookie } = await walkToCallback(s, 'Allow');
      const callback = await fetchCallback(callbackUrl, cookie);
      assert.equal(callback.status, 302);
      assert.equal(callback.headers.get('location'), REDIRECT);
      const done = await read(s.id, MAGNETAR);
      assert.equal(done.status, 'completed');
      assert.equal(done.auth_config.type, 'oauth_automated');
    });
  });

  describe('auth_and_config session (PostgreSQL: config form, then a custom method)', () => {
    it('is auth_and_config with no config until its config step', async () => {
      const s = await sb.createSession({ provider_id: providerId('postgres') });
      assert.equal(s.type, 'auth_and_config');
      assert.equal(s.config, null);
      assert.equal(s.auth_method.type, 'custom');
    });

    it('renders every JSON Schema kind: select, checkbox, number, email, url, textarea', async () => {
      const s = await sb.createSession({ provider_id: providerId('postgres') });
      const page = await (await fetch(s.url)).text();
      assert.match(page, new RegExp(`<form id="config-form" method="post" action="/setup/${s.id}/config"`));
      assert.match(control(page, 'database')!, /type="text"[^>]* required/);
      assert.match(control(page, 'region')!, /^<select/);
      assert.match(page, /<option value="eu-west-1">eu-west-1<\/option>/);
      assert.match(control(page, 'read_only')!, /type="checkbox"[^>]* checked/, 'default: true');
      assert.match(control(page, 'row_limit')!, /type="number"[^>]*step="1" min="1" max="10000"/);
      assert.match(control(page, 'contact_email')!, /type="email"/);
      assert.match(control(page, 'docs_url')!, /type="url"/);
      assert.match(control(page, 'notes')!, /^<textarea[^>]*maxlength="2000"/);
      assert.match(page, /Notes <span class="optional">\(optional\)<\/span>/);
    });

    it('validates the config form on the server and keeps the input', async () => {
      const s = await sb.createSession({ provider_id: providerId('postgres') });
      const { res, page } = await submit(s, 'config', {
        database: 'analytics',
        region: 'mars-1',
        row_limit: '12.5',
        contact_email: 'not-an-email',
        docs_url: 'docs',
        notes: 'Keep <this>',
      });
      assert.equal(res.status, 200, 'a screen, as upstream');
      assert.match(page, /Choose one of the options for Region\./);
      assert.match(page, /Row limit must be a whole number\./);
      assert.match(page, /Contact email must be an email address\./);
      assert.match(page, /Schema documentation must be a full URL/);
      assert.match(control(page, 'database')!, /value="analytics"/);
      assert.match(page, /<textarea[^>]*>Keep &lt;this&gt;<\/textarea>/);
      assert.doesNotMatch(control(page, 'read_only')!, / checked/, 'an unticked box stays unticked');
      assert.equal((await read(s.id)).config, null);
      const big = await submit(s, 'config', { database: 'analytics', region: 'eu-west-1', row_limit: '20000' });
      assert.match(big.page, /Row limit must be at most 10000\./);
    });

    it('creates the config, then the custom form completes the session with both', async () => {
      const s = await sb.createSession({ provider_id: providerId('postgres'), redirect_url: REDIRECT });
      // The auth form is not reachable before the config step.
      const early = await submit(s, 'auth', { host: 'db', port: '5432', username: 'u', password: 'p' });
      assert.match(early.page, /id="config-form"/);
      assert.equal((await read(s.id)).auth_config, null);

      const config = await submit(s, 'config', { database: 'analytics', region: 'eu-west-1', read_only: 'true' });
      assert.equal(config.res.status, 303);
      const pending = await read(s.id);
      assert.equal(pending.status, 'pending', 'auth is still missing');
      assert.equal(pending.config.object, 'provider.config');
      assert.match(pending.config.id, /^pcf_[0-9a-z]{9}[0-9A-Za-z]{13}$/);
      assert.equal(pending.config.deployment.id, s.deployment!.id);
      assert.ok(!JSON.stringify(pending).includes('analytics'), 'config values stay server-side');

      const authPage = await (await fetch(location(config.res, s.url))).text();
      assert.match(authPage, /id="auth-form"/);
      assert.match(control(authPage, 'port')!, /value="5432"/);
      assert.match(control(authPage, 'ssl')!, / checked/);
      assert.match(control(authPage, 'password')!, /type="password"/);

      const bad = await submit(s, 'auth', { host: 'db.example.com', port: '70000', username: 'reader', password: 'pg-secret-1' });
      assert.match(bad.page, /Port must be at most 65535\./);
      assert.doesNotMatch(bad.page, /pg-secret-1/);

      const done = await submit(s, 'auth', { host: 'db.example.com', port: '5432', username: 'reader', password: 'pg-secret-1' });
      assert.match(done.page, /PostgreSQL connected/);
      const completed = await read(s.id);
      assert.equal(completed.status, 'completed');
      assert.equal(completed.auth_config.type, 'manual');
      assert.equal(completed.config.id, pending.config.id);
      assert.ok(!JSON.stringify(completed).includes('pg-secret-1'));
    });
  });
});
