import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryStore, type SessionRecord } from '../../src/sandbox/index.js';
import {
  DEMO_CLIENT_SECRET,
  fetchCallback,
  location,
  submitForm,
  parseForm,
  runFlow,
  startTestSandbox,
  walkToCallback,
  type TestSandbox,
} from './helpers.js';

const REDIRECT = 'https://app.example.com/connected?from=sandbox';

describe('sandbox OAuth flow', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  const getSession = async (id: string) => (await sb.api('GET', `/provider-setup-sessions/${id}`)).body;

  /** Crafts a token request to the demo provider as the session's OAuth app. */
  const tokenRequest = (session: { credentials: { id: string } | null }, params: Record<string, string>) =>
    fetch(`${sb.url}/demo-oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: `demo_client_${session.credentials!.id}`,
        client_secret: DEMO_CLIENT_SECRET,
        redirect_uri: `${sb.url}/oauth/callback`,
        ...params,
      }),
    });

  it('shows the provider, its scopes and a Continue button on the setup page', async () => {
    const session = await sb.createSession();
    const res = await fetch(session.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('x-frame-options'), null, 'upstream sets no framing headers on the setup page');
    const page = await res.text();
    assert.match(page, /Connect GitHub/);
    assert.match(page, /<img src="\/providers\/github\/logo\.svg" alt="GitHub logo">/);
    for (const scope of session.auth_method.scopes) assert.ok(page.includes(scope.name), scope.name);
    assert.deepEqual(
      parseForm(page).buttons.map((b) => b.label),
      ['Continue'],
    );
  });

  it('Allow completes the session, creates the auth config and redirects to redirect_url exactly', async () => {
    const session = await sb.createSession({ redirect_url: REDIRECT, metadata: { user: 'u_1' }, name: 'Acme GitHub' });
    const { callbackUrl, consentResponse, consentHtml, cookie } = await walkToCallback(session, 'Allow');

    // The consent page refuses to be framed, like real providers.
    assert.equal(consentResponse.headers.get('x-frame-options'), 'DENY');
    assert.match(consentResponse.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(consentResponse.headers.get('cross-origin-opener-policy'), null);
    assert.deepEqual(parseForm(consentHtml).buttons.map((b) => b.label).sort(), ['Allow', 'Deny']);

    const callback = new URL(callbackUrl);
    assert.equal(callback.origin + callback.pathname, `${sb.url}/oauth/callback`);
    assert.ok(callback.searchParams.get('code'));
    assert.ok(callback.searchParams.get('state')?.startsWith(`${session.id}.`));

    const res = await fetchCallback(callbackUrl, cookie);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), REDIRECT);

    const read = await sb.api('GET', `/provider-setup-sessions/${session.id}`);
    assert.equal(read.body.status, 'completed');
    const config = read.body.auth_config;
    assert.equal(config.object, 'provider.auth_config');
    assert.match(config.id, /^pac_[0-9a-z]{9}[0-9A-Za-z]{13}$/);
    assert.equal(config.source, 'setup_session');
    assert.equal(config.status, 'active');
    assert.equal(config.provider_id, session.provider_id);
    assert.deepEqual(config.metadata, { user: 'u_1' });
    assert.deepEqual(config.auth_method, session.auth_method);
    assert.deepEqual(config.deployment_preview, session.deployment);
    assert.deepEqual(config.credentials, session.credentials);
    // The token is kept server-side only.
    const everything = JSON.stringify((await sb.api('GET', '/provider-setup-sessions?limit=100')).body);
    assert.ok(!everything.includes('demo_at_') && !JSON.stringify(read.body).includes('access_token'));

    // The used link now shows a finished page; replaying the callback shows the outcome again and changes nothing.
    const reopened = await fetch(session.url, { redirect: 'manual' });
    assert.equal(reopened.headers.get('location'), REDIRECT);
    const replay = await fetchCallback(callbackUrl, cookie);
    assert.equal(replay.status, 302);
    assert.equal(replay.headers.get('location'), REDIRECT);
    assert.equal((await getSession(session.id)).status, 'completed');
  });

  it('without redirect_url, ends on the page\'s own completed screen', async () => {
    const session = await sb.createSession();
    const { response } = await runFlow(session, 'Allow');
    assert.equal(response.status, 302);
    const resultUrl = location(response, sb.url);
    assert.equal(resultUrl, `${sb.url}/setup/${session.id}/result`);
    const result = await fetch(resultUrl);
    assert.equal(result.status, 200);
    assert.match(await result.text(), /GitHub connected/);
  });

  it('Deny fails the session and still goes to redirect_url', async () => {
    const session = await sb.createSession({ redirect_url: REDIRECT });
    const { callbackUrl, response } = await runFlow(session, 'Deny');
    assert.equal(new URL(callbackUrl).searchParams.get('error'), 'access_denied');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), REDIRECT);
    const failed = await getSession(session.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.auth_config, null);
    assert.match(await (await fetch(`${sb.url}/setup/${session.id}/result`)).text(), /Access was denied/);
  });

  it('a wrong state from the browser that started the flow fails the session; a state of no session is refused', async () => {
    const session = await sb.createSession();
    const { callbackUrl, cookie } = await walkToCallback(session, 'Allow');
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', `${session.id}.forged`);
    const res = await fetchCallback(forged, cookie);
    assert.equal(res.status, 302);
    assert.equal((await getSession(session.id)).status, 'failed');

    const unknown = new URL(callbackUrl);
    unknown.searchParams.set('state', 'nothing');
    assert.equal((await fetchCallback(unknown, cookie)).status, 400);
  });

  it('Continue sets an HttpOnly, SameSite=Lax cookie scoped to the callback', async () => {
    const session = await sb.createSession();
    const setup = parseForm(await (await fetch(session.url)).text());
    const start = await submitForm(session.url, setup, 'Continue');
    const [line, ...others] = start.headers.getSetCookie();
    assert.equal(others.length, 0);
    assert.match(line!, /; HttpOnly/i);
    assert.match(line!, /; SameSite=Lax/i);
    assert.match(line!, /; Path=\/oauth\/callback/i);
    assert.ok(!line!.includes(new URL(location(start, session.url)).searchParams.get('state')!), 'the cookie is not the state');
  });

  it('a callback without the flow\'s cookie changes nothing, whatever its state or error', async () => {
    const session = await sb.createSession({ redirect_url: REDIRECT });
    // Continue never pressed: nothing to answer.
    const early = await fetch(`${sb.url}/oauth/callback?state=${session.id}.x&error=access_denied`, { redirect: 'manual' });
    assert.equal(early.status, 400);
    assert.match(await early.text(), /No sign-in in progress/);
    assert.equal((await getSession(session.id)).status, 'pending');

    const { callbackUrl, cookie } = await walkToCallback(session, 'Allow');
    const attackerText = 'Call_0800_SCAM_now';
    for (const params of [{ state: `${session.id}.forged` }, { error: attackerText }, {}]) {
      const forged = new URL(callbackUrl);
      for (const [key, value] of Object.entries(params)) forged.searchParams.set(key, value);
      const res = await fetchCallback(forged, '');
      assert.equal(res.status, 403);
      assert.doesNotMatch(await res.text(), new RegExp(attackerText));
      assert.equal((await getSession(session.id)).status, 'pending');
    }
    const wrongCookie = await fetchCallback(callbackUrl, cookie.replace(/=.*$/, '=not-the-nonce'));
    assert.equal(wrongCookie.status, 403);
    assert.equal((await getSession(session.id)).status, 'pending');

    // The real browser still finishes its flow.
    const res = await fetchCallback(callbackUrl, cookie);
    assert.equal(res.headers.get('location'), REDIRECT);
    assert.equal((await getSession(session.id)).status, 'completed');
  });

  it('a provider error fails the session with a fixed message, never the error text', async () => {
    const session = await sb.createSession();
    const { callbackUrl, cookie } = await walkToCallback(session, 'Allow');
    const errored = new URL(callbackUrl);
    errored.searchParams.delete('code');
    errored.searchParams.set('error', 'Call_0800_SCAM_now');
    const res = await fetchCallback(errored, cookie);
    assert.equal(res.status, 302);
    assert.equal((await getSession(session.id)).status, 'failed');
    const result = await (await fetch(`${sb.url}/setup/${session.id}/result`)).text();
    assert.match(result, /GitHub returned an error/);
    assert.doesNotMatch(result, /SCAM/);
  });

  it('the same callback loaded twice at once completes the session once and never fails it', async () => {
    const session = await sb.createSession({ redirect_url: REDIRECT });
    const { callbackUrl, cookie } = await walkToCallback(session, 'Allow');
    const responses = await Promise.all([fetchCallback(callbackUrl, cookie), fetchCallback(callbackUrl, cookie)]);
    for (const res of responses) {
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), REDIRECT);
    }
    const read = await getSession(session.id);
    assert.equal(read.status, 'completed');
    assert.ok(read.auth_config);
    // A late third load shows the outcome and still changes nothing.
    await fetchCallback(callbackUrl, cookie);
    assert.deepEqual(await getSession(session.id), read);
  });

  it('a code redeemed with another Continue\'s verifier fails the session (PKCE mismatch)', async () => {
    const session = await sb.createSession();
    // Continue twice: the second attempt replaces the first, with a new state, verifier and cookie.
    const first = await walkToCallback(session, 'Allow');
    const second = await walkToCallback(session, 'Allow');
    const firstCode = new URL(first.callbackUrl).searchParams.get('code')!;
    const mixed = new URL(second.callbackUrl);
    mixed.searchParams.set('code', firstCode); // issued for the first challenge, never redeemed
    const res = await fetchCallback(mixed, second.cookie);
    assert.equal(res.status, 302);
    assert.equal((await getSession(session.id)).status, 'failed');
    assert.match(await (await fetch(`${sb.url}/setup/${session.id}/result`)).text(), /code_verifier does not match/);
  });

  it('the token endpoint authenticates its client', async () => {
    const session = await sb.createSession();
    const res = await tokenRequest(session, { code: 'any', code_verifier: 'x'.repeat(43), client_secret: 'wrong' });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error, 'invalid_client');
  });

  it('codes are single-use: a replayed code fails the session it is replayed into', async () => {
    const first = await sb.createSession();
    const firstFlow = await runFlow(first, 'Allow');
    assert.equal((await getSession(first.id)).status, 'completed');
    const usedCode = new URL(firstFlow.callbackUrl).searchParams.get('code')!;

    const replay = await tokenRequest(first, { code: usedCode, code_verifier: 'y'.repeat(43) });
    assert.equal(replay.status, 400);
    assert.match((await replay.json()).error_description, /already used/);

    const second = await sb.createSession();
    const { callbackUrl, cookie } = await walkToCallback(second, 'Allow');
    const replayed = new URL(callbackUrl);
    replayed.searchParams.set('code', usedCode);
    await fetchCallback(replayed, cookie);
    assert.equal((await getSession(second.id)).status, 'failed');
  });

  it('codes are short-lived', async () => {
    const session = await sb.createSession();
    const { callbackUrl, cookie } = await walkToCallback(session, 'Allow');
    sb.clock.advance(61_000);
    await fetchCallback(callbackUrl, cookie);
    assert.equal((await getSession(session.id)).status, 'failed');
  });

  it('refuses the setup page with a wrong or missing client secret, an unknown id, or an expired session (screens answer 200, as upstream)', async () => {
    const session = await sb.createSession();
    const text = async (url: string | URL, init?: RequestInit) => {
      const res = await fetch(url, { redirect: 'manual', ...init });
      assert.equal(res.status, 200, String(url));
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      return res.text();
    };
    const wrong = new URL(session.url);
    wrong.searchParams.set('client_secret', 'pas_secret_wrong');
    assert.match(await text(wrong), /Invalid setup link/);
    const missing = new URL(session.url);
    missing.search = '';
    assert.match(await text(missing), /Invalid setup link/);

    // A forged Continue is refused the same way, and starts nothing.
    const forged = await text(`${sb.url}/setup/${session.id}/start`, { method: 'POST', body: new URLSearchParams({ client_secret: 'pas_secret_wrong' }) });
    assert.match(forged, /Invalid setup link/);
    const malformed = await fetch(`${sb.url}/setup/${session.id}/start`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nbroken',
      redirect: 'manual',
    });
    assert.equal(malformed.status, 400);

    assert.match(await text(`${sb.url}/setup/pas_0mfkzfzfsjRaTvm3fsHseX?client_secret=x`), /Setup link not found/);

    sb.clock.advance(1800 * 1000);
    assert.match(await text(session.url), /expired/);
  });

  it('the setup page navigates its own window: a plain form, no script, no framing machinery', async () => {
    const session = await sb.createSession({ redirect_url: REDIRECT });
    const res = await fetch(session.url);
    // Upstream's hosted page sets no framing headers of its own.
    assert.equal(res.headers.get('x-frame-options'), null);
    assert.doesNotMatch(res.headers.get('content-security-policy') ?? '', /frame-ancestors/);
    const page = await res.text();
    const form = parseForm(page);
    assert.equal(form.method, 'post');
    assert.equal(form.action, `/setup/${session.id}/start`);
    assert.doesNotMatch(page, /<form[^>]*target=/);
    assert.doesNotMatch(page, /<script/);
    assert.doesNotMatch(page, /BroadcastChannel|postMessage|window\.open|opener/);
    // The frame's old status endpoint is gone.
    const secret = new URL(session.url).searchParams.get('client_secret')!;
    const status = await fetch(`${sb.url}/setup/${session.id}/status`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(status.status, 404);
  });

  it('reopening a completed session with a redirect_url redirects there at once', async () => {
    const session = await sb.createSession({ redirect_url: REDIRECT });
    await runFlow(session, 'Allow');
    const reopened = await fetch(session.url, { redirect: 'manual' });
    assert.equal(reopened.status, 302);
    assert.equal(reopened.headers.get('location'), REDIRECT);
  });

  it('never logs secrets', () => {
    assert.ok(sb.logs.length > 10);
    for (const line of sb.logs) {
      assert.doesNotMatch(line, /pas_secret_|client_secret|demo_at_|code=|state=|metorial_sk_/, line);
    }
    assert.match(sb.logs.find((l) => l.startsWith('GET /oauth/callback'))!, /^GET \/oauth\/callback \d{3} \d+ms$/);
  });
});

describe('sandbox OAuth callback racing a delete', () => {
  it('shows a clear page when the session is deleted while its callback runs', async () => {
    // Deletes a session the moment its callback takes over the authorization (a DELETE
    // arriving during the token exchange), exactly as the DELETE route does: store.delete.
    class DeletingStore extends MemoryStore {
      override update(id: string, change: (current: SessionRecord) => SessionRecord) {
        const before = this.get(id);
        const next = super.update(id, change);
        if (before?.authorization && next && next.authorization === null) this.delete(id);
        return next;
      }
    }
    const sb = await startTestSandbox({ store: new DeletingStore() });
    try {
      const session = await sb.createSession({ redirect_url: REDIRECT });
      const { response } = await runFlow(session, 'Allow');
      assert.equal(response.status, 410);
      assert.match(await response.text(), /This setup was deleted/);
      assert.equal((await sb.api('GET', `/provider-setup-sessions/${session.id}`)).status, 404);
    } finally {
      await sb.close();
    }
  });
});

describe('sandbox OAuth flow with providerCoop', () => {
  it('the consent page sends Cross-Origin-Opener-Policy: same-origin', async () => {
    const sb = await startTestSandbox({ providerCoop: true });
    try {
      const session = await sb.createSession();
      const { consentResponse } = await walkToCallback(session, 'Allow');
      assert.equal(consentResponse.headers.get('cross-origin-opener-policy'), 'same-origin');
      // The sandbox's own setup page does not.
      assert.equal((await fetch(session.url)).headers.get('cross-origin-opener-policy'), null);
    } finally {
      await sb.close();
    }
  });
});
