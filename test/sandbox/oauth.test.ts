import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DEMO_CLIENT_SECRET,
  location,
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
    assert.equal(res.headers.get('x-frame-options'), null, 'the setup page may be framed (iframe mode)');
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
    const { callbackUrl, consentResponse, consentHtml } = await walkToCallback(session, 'Allow');

    // The consent page refuses to be framed, like real providers.
    assert.equal(consentResponse.headers.get('x-frame-options'), 'DENY');
    assert.match(consentResponse.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(consentResponse.headers.get('cross-origin-opener-policy'), null);
    assert.deepEqual(parseForm(consentHtml).buttons.map((b) => b.label).sort(), ['Allow', 'Deny']);

    const callback = new URL(callbackUrl);
    assert.equal(callback.origin + callback.pathname, `${sb.url}/oauth/callback`);
    assert.ok(callback.searchParams.get('code'));
    assert.ok(callback.searchParams.get('state')?.startsWith(`${session.id}.`));

    const res = await fetch(callbackUrl, { redirect: 'manual' });
    assert.equal(res.status, 303);
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

    // The used link now shows a finished page; replaying the callback changes nothing.
    assert.equal((await fetch(session.url)).status, 409);
    assert.equal((await fetch(callbackUrl, { redirect: 'manual' })).status, 409);
    assert.equal((await getSession(session.id)).status, 'completed');
  });

  it('without redirect_url, ends on the page\'s own completed screen', async () => {
    const session = await sb.createSession();
    const { response } = await runFlow(session, 'Allow');
    assert.equal(response.status, 303);
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
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), REDIRECT);
    const failed = await getSession(session.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.auth_config, null);
    assert.match(await (await fetch(`${sb.url}/setup/${session.id}/result`)).text(), /Access was denied/);
  });

  it('a wrong state fails the session; a state of no session is refused', async () => {
    const session = await sb.createSession();
    const { callbackUrl } = await walkToCallback(session, 'Allow');
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', `${session.id}.forged`);
    const res = await fetch(forged, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal((await getSession(session.id)).status, 'failed');

    const unknown = new URL(callbackUrl);
    unknown.searchParams.set('state', 'nothing');
    assert.equal((await fetch(unknown, { redirect: 'manual' })).status, 400);
  });

  it('the token endpoint refuses a wrong PKCE verifier, which burns the code and fails the session', async () => {
    const session = await sb.createSession();
    const { callbackUrl } = await walkToCallback(session, 'Allow');
    const code = new URL(callbackUrl).searchParams.get('code')!;

    const crafted = await tokenRequest(session, { code, code_verifier: 'x'.repeat(43) });
    assert.equal(crafted.status, 400);
    assert.equal((await crafted.json()).error, 'invalid_grant');

    await fetch(callbackUrl, { redirect: 'manual' });
    assert.equal((await getSession(session.id)).status, 'failed');
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
    const { callbackUrl } = await walkToCallback(second, 'Allow');
    const replayed = new URL(callbackUrl);
    replayed.searchParams.set('code', usedCode);
    await fetch(replayed, { redirect: 'manual' });
    assert.equal((await getSession(second.id)).status, 'failed');
  });

  it('codes are short-lived', async () => {
    const session = await sb.createSession();
    const { callbackUrl } = await walkToCallback(session, 'Allow');
    sb.clock.advance(61_000);
    await fetch(callbackUrl, { redirect: 'manual' });
    assert.equal((await getSession(session.id)).status, 'failed');
  });

  it('refuses the setup page with a wrong or missing client secret, an unknown id, or an expired session', async () => {
    const session = await sb.createSession();
    const wrong = new URL(session.url);
    wrong.searchParams.set('client_secret', 'pas_secret_wrong');
    const wrongRes = await fetch(wrong);
    assert.equal(wrongRes.status, 403);
    assert.match(wrongRes.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await wrongRes.text(), /Invalid setup link/);

    const missing = new URL(session.url);
    missing.search = '';
    assert.equal((await fetch(missing)).status, 403);

    // A forged Continue is refused the same way.
    const start = await fetch(`${sb.url}/setup/${session.id}/start`, {
      method: 'POST',
      body: new URLSearchParams({ client_secret: 'pas_secret_wrong' }),
      redirect: 'manual',
    });
    assert.equal(start.status, 403);
    const malformed = await fetch(`${sb.url}/setup/${session.id}/start`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nbroken',
      redirect: 'manual',
    });
    assert.equal(malformed.status, 400);

    assert.equal((await fetch(`${sb.url}/setup/pas_0mfkzfzfsjRaTvm3fsHseX?client_secret=x`)).status, 404);

    sb.clock.advance(1800 * 1000);
    const expired = await fetch(session.url);
    assert.equal(expired.status, 410);
    assert.match(await expired.text(), /expired/);
  });

  it('a popup opened from a framed page notifies the frame instead of redirecting', async () => {
    const session = await sb.createSession({ redirect_url: REDIRECT });
    const { response } = await runFlow(session, 'Allow', { mode: 'frame' });
    assert.equal(response.status, 200);
    const page = await response.text();
    const config = JSON.parse(/<script type="application\/json" id="notify-config">([\s\S]*?)<\/script>/.exec(page)![1]!);
    assert.deepEqual(config, {
      data: { type: 'metorial-sandbox:setup-finished', session_id: session.id, status: 'completed' },
      origin: sb.url,
      channel: `metorial-sandbox-setup:${session.id}`,
    });
    assert.match(page, /window\.opener\.postMessage\(message\.data, message\.origin\)/);
    assert.ok(!page.includes("'*'"), 'never posts to *');

    // The frame's status endpoint answers with the page's own client secret only.
    const secret = new URL(session.url).searchParams.get('client_secret')!;
    const status = await fetch(`${sb.url}/setup/${session.id}/status`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(status.status, 200);
    assert.equal((await status.json()).status, 'completed');
    const refused = await fetch(`${sb.url}/setup/${session.id}/status`, { headers: { Authorization: 'Bearer pas_secret_wrong' } });
    assert.equal(refused.status, 401);
  });

  it('the framed setup page embeds what its script needs and nothing from other sessions', async () => {
    const session = await sb.createSession({ redirect_url: REDIRECT });
    const page = await (await fetch(session.url)).text();
    const config = JSON.parse(/<script type="application\/json" id="setup-config">([\s\S]*?)<\/script>/.exec(page)![1]!);
    assert.equal(config.sessionId, session.id);
    assert.equal(config.origin, sb.url);
    assert.equal(config.redirectUrl, REDIRECT);
    assert.equal(config.clientSecret, new URL(session.url).searchParams.get('client_secret'));
    assert.match(page, /window\.open\('', name/);
  });

  it('never logs secrets', () => {
    assert.ok(sb.logs.length > 10);
    for (const line of sb.logs) {
      assert.doesNotMatch(line, /pas_secret_|client_secret|demo_at_|code=|state=|metorial_sk_/, line);
    }
    assert.match(sb.logs.find((l) => l.startsWith('GET /oauth/callback'))!, /^GET \/oauth\/callback \d{3} \d+ms$/);
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
