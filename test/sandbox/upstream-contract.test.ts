/** The API differences issue 17 names, each as upstream answers: what integrators' own code
 *  could come to depend on must be true of the real service too. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryStore, type SessionRecord } from '../../src/sandbox/index.js';
import { assertError, GITHUB_ID, location, runFlow, startTestSandbox, type TestSandbox } from './helpers.js';

describe('sandbox API as upstream', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  it('answers create with 200, not 201', async () => {
    const res = await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID });
    assert.equal(res.status, 200);
  });

  it('refuses null for every optional field with invalid_data naming it (optional means absent)', async () => {
    for (const field of ['provider_deployment_id', 'name', 'description', 'metadata', 'provider_auth_method_id', 'provider_auth_credentials_id', 'redirect_url']) {
      const body = assertError(await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID, [field]: null }), 400, 'invalid_data');
      assert.deepEqual(body.errors.map((e: { path: unknown }) => e.path), [[field]], field);
      assert.deepEqual(Object.keys(body.errors[0]).sort(), ['code', 'message', 'path']);
    }
  });

  it('drops unknown body keys silently', async () => {
    const res = await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID, expires_at: '2100-01-01T00:00:00.000Z', status: 'completed', ui_mode: 'popup', foo: 1 });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'pending');
    assert.equal(res.body.ui_mode, 'metorial_elements');
    assert.equal(Date.parse(res.body.expires_at) - Date.parse(res.body.created_at), 1800 * 1000);
    assert.ok(!('foo' in res.body));
  });

  it('names a session "Setup Session" by default, trims a name, and stores a blank one as null', async () => {
    assert.equal((await sb.createSession()).name, 'Setup Session');
    assert.equal((await sb.createSession({ name: '  Acme GitHub  ' })).name, 'Acme GitHub');
    assert.equal((await sb.createSession({ name: '   ' })).name, null);
  });

  it('gives config null for an auth_only session and ui_mode metorial_elements always', async () => {
    const s = await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID }, { 'Metorial-Version': '2026-01-01-magnetar' });
    assert.equal(s.body.type, 'auth_only');
    assert.equal(s.body.config, null);
    assert.equal(s.body.ui_mode, 'metorial_elements');
  });

  it('names the entity and the id in not_found', async () => {
    const missing = assertError(await sb.api('GET', '/provider-setup-sessions/pas_0mfkzfzfsjRaTvm3fsHseX'), 404, 'not_found');
    assert.equal(missing.entity, 'provider.setup_session');
    assert.equal(missing.id, 'pas_0mfkzfzfsjRaTvm3fsHseX');
    const provider = assertError(await sb.api('POST', '/provider-setup-sessions', { provider_id: 'pro_0mfkzfzfsjRaTvm3fsHseY' }), 404, 'not_found');
    assert.equal(provider.entity, 'provider');
    assert.equal(provider.id, 'pro_0mfkzfzfsjRaTvm3fsHseY');
    const credentials = assertError(await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID, provider_auth_credentials_id: 'par_x' }), 404, 'not_found');
    assert.equal(credentials.entity, 'provider.auth_credentials');
  });

  it('falls back to the default version for an unknown Metorial-Version', async () => {
    const res = await sb.api('GET', '/provider-setup-sessions?limit=1', undefined, { 'Metorial-Version': 'not-a-version' });
    assert.equal(res.status, 200);
  });

  it('answers bad JSON and a non-JSON content type with bad_request, an unknown route or method with 404', async () => {
    assertError(await sb.api('POST', '/provider-setup-sessions', '{', {}), 400, 'bad_request');
    assertError(await sb.api('POST', '/provider-setup-sessions', 'provider_id=x', { 'Content-Type': 'application/x-www-form-urlencoded' }), 400, 'bad_request');
    assertError(await sb.api('GET', '/provider-setup-session'), 404, 'not_found');
    assertError(await sb.api('PUT', '/provider-setup-sessions'), 404, 'not_found');
  });

  it('refuses a redirect_url it could not send exactly as given (stricter than upstream, on purpose)', async () => {
    for (const redirect_url of [
      'https://app.example.com/cb\r\nSet-Cookie: x=1',
      'https://app.example.com/a\tb',
      'https://app.example.com/cb\n',
      ' https://app.example.com/cb',
      'https://App.Example.com/cb',
      'https://app.example.com',
      'https://app.example.com/a b',
      'https://app.example.com/ä',
      'https://app.example.com/../cb',
      'javascript:alert(1)',
      '/relative',
    ]) {
      const body = assertError(await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID, redirect_url }), 400, 'invalid_data');
      assert.deepEqual(body.errors.map((e: { path: unknown }) => e.path), [['redirect_url']], JSON.stringify(redirect_url));
      assert.ok(body.errors[0].message.length > 10);
    }
    for (const redirect_url of ['https://app.example.com/', 'http://127.0.0.1:3000/cb?x=1&y=%20#done', 'https://app.example.com/%C3%A4']) {
      assert.equal((await sb.createSession({ redirect_url })).redirect_url, redirect_url);
    }
  });
});

describe('sandbox OAuth callback with a redirect_url it cannot send', () => {
  it('never answers 500 for a stored session: it shows the result screen instead', async () => {
    // A record stored before create refused such urls (or by another store): CR/LF inside.
    class LegacyStore extends MemoryStore {
      override insert(record: SessionRecord) {
        super.insert({ ...record, session: { ...record.session, redirect_url: 'https://app.example.com/cb\r\nX-Injected: 1' } });
      }
    }
    const sb = await startTestSandbox({ store: new LegacyStore() });
    try {
      const session = await sb.createSession();
      const { response } = await runFlow(session, 'Allow');
      assert.equal(response.status, 302);
      assert.equal(location(response, sb.url), `${sb.url}/setup/${session.id}/result`);
      assert.equal(response.headers.get('x-injected'), null);
      assert.equal((await sb.api('GET', `/provider-setup-sessions/${session.id}`)).body.status, 'completed');
      // Reopening the completed session's url does not try the redirect either.
      const reopened = await fetch(session.url, { redirect: 'manual' });
      assert.equal(reopened.status, 200);
      assert.match(await reopened.text(), /GitHub connected/);
    } finally {
      await sb.close();
    }
  });
});

describe('sandbox rate limit on the API key', () => {
  it('allows SANDBOX_RATE_LIMIT requests per window, then 429 rate_limit_exceeded with RateLimit-* and no Retry-After', async () => {
    const sb = await startTestSandbox({ rateLimit: 3, rateWindowSeconds: 60 });
    try {
      for (const [remaining, reset] of [['2', '60'], ['1', '50'], ['0', '40']]) {
        const res = await sb.api('GET', '/provider-setup-sessions');
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('ratelimit-limit'), '3');
        assert.equal(res.headers.get('ratelimit-remaining'), remaining);
        assert.equal(res.headers.get('ratelimit-reset'), reset, 'seconds until the window resets');
        sb.clock.advance(10_000);
      }
      // Calls without the key are refused before they count.
      assertError(await sb.api('GET', '/providers', undefined, { Authorization: '' }), 401, 'unauthorized');

      const limited = await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID });
      const body = assertError(limited, 429, 'rate_limit_exceeded');
      assert.deepEqual(Object.keys(body).sort(), ['code', 'hint', 'message', 'object', 'ok', 'status']);
      assert.equal(limited.headers.get('retry-after'), null);
      assert.equal(limited.headers.get('ratelimit-limit'), '3');
      assert.equal(limited.headers.get('ratelimit-remaining'), '0');
      assert.equal(limited.headers.get('ratelimit-reset'), '30');
      sb.clock.advance(30_000);
      assert.equal((await sb.api('GET', '/provider-setup-sessions')).body.items.length, 0, 'the limited create stored nothing');
    } finally {
      await sb.close();
    }
  });

  it('starts a new window once the old one has passed', async () => {
    const sb = await startTestSandbox({ rateLimit: 1, rateWindowSeconds: 60 });
    try {
      assert.equal((await sb.api('GET', '/providers')).status, 200);
      assertError(await sb.api('GET', '/providers'), 429, 'rate_limit_exceeded');
      sb.clock.advance(59_999);
      assertError(await sb.api('GET', '/providers'), 429, 'rate_limit_exceeded');
      sb.clock.advance(1);
      const fresh = await sb.api('GET', '/providers');
      assert.equal(fresh.status, 200);
      assert.equal(fresh.headers.get('ratelimit-remaining'), '0');
    } finally {
      await sb.close();
    }
  });

  it("defaults to upstream's 5,000 requests per 600 seconds; the hosted pages do not count", async () => {
    const sb = await startTestSandbox();
    try {
      const session = await sb.createSession();
      await fetch(session.url);
      const res = await sb.api('GET', '/providers');
      assert.equal(res.headers.get('ratelimit-limit'), '5000');
      assert.equal(res.headers.get('ratelimit-remaining'), '4998');
      assert.equal(res.headers.get('ratelimit-reset'), '600');
    } finally {
      await sb.close();
    }
  });
});
