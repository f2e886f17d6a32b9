/**
 * The host helper over real HTTP against the real sandbox: create and read sessions, owners,
 * request checks, the provider and redirect allow-lists, and the key never leaving the server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { CONNECT_HEADER } from '../../src/shared/protocol.js';
import type { Provider, SetupSession } from '../../src/shared/session.js';
import { OWNER_METADATA_KEY, type ConnectHandlerOptions } from '../../src/server/index.js';
import {
  API_KEY,
  JSON_HEADERS,
  getSession,
  postSession,
  send,
  startHelper,
  type Listening,
} from './helpers.js';

/** Test hosts identify the signed-in user by this header (a real host would read its cookie). */
const USER_HEADER = 'X-Test-User';
const asUser = (user: string, headers: Record<string, string> = JSON_HEADERS) => ({ ...headers, [USER_HEADER]: user });
const getUser: ConnectHandlerOptions['getUser'] = (request) => request.headers.get(USER_HEADER);
/** `{ a: { a: … 1 } }` with `levels` objects. */
const nested = (levels: number): Record<string, unknown> => (levels === 1 ? { a: 1 } : { a: nested(levels - 1) });

describe('host helper against the sandbox', () => {
  let sandbox: RunningSandbox;
  let github: Provider;
  let slack: Provider;
  /** Upstream calls made by helpers built with `counted()`; rejected requests must make none. */
  let upstreamCalls = 0;
  const helpers: Array<Listening> = [];
  /** Every session url seen, to check the logs never contain one. */
  const sessionUrls: string[] = [];

  function counted(options: Partial<ConnectHandlerOptions> = {}): ConnectHandlerOptions {
    return {
      apiKey: API_KEY,
      upstreamUrl: sandbox.url,
      fetch: (input, init) => {
        upstreamCalls += 1;
        return fetch(input, init);
      },
      ...options,
    };
  }

  async function helper(options: Partial<ConnectHandlerOptions> = {}) {
    const started = await startHelper(counted(options));
    helpers.push(started);
    return started;
  }

  before(async () => {
    sandbox = await startSandbox({ port: 0, log: false, apiKey: API_KEY });
    const response = await fetch(`${sandbox.url}/providers`, { headers: { Authorization: `Bearer ${API_KEY}` } });
    const providers = ((await response.json()) as { items: Provider[] }).items;
    github = providers.find((provider) => provider.key === 'github')!;
    slack = providers.find((provider) => provider.key === 'slack')!;
    assert.ok(github && slack, 'the sandbox catalog has github and slack');
  });

  after(async () => {
    for (const started of helpers) await started.close();
    await sandbox.close();
  });

  describe('with signed-in users', () => {
    let host: Listening & { logs: string[] };
    before(async () => {
      host = await helper({ getUser });
    });

    it('creates a session through the helper and reads it back', async () => {
      const created = await postSession(
        host.url,
        { provider_id: github.id, name: 'GitHub for Ada', metadata: { plan: 'team' } },
        asUser('user-ada'),
      );
      assert.equal(created.status, 200);
      const session = created.json as SetupSession;
      assert.equal(session.object, 'provider.setup_session');
      assert.match(session.id, /^pas_[A-Za-z0-9]{22}$/);
      assert.equal(session.provider_id, github.id);
      assert.equal(session.status, 'pending');
      assert.equal(session.name, 'GitHub for Ada');
      assert.deepEqual(session.metadata, { plan: 'team', [OWNER_METADATA_KEY]: 'user-ada' });
      assert.ok(session.url.startsWith(`${sandbox.url}/`), 'the browser gets the hosted page url to open');
      sessionUrls.push(session.url);

      // A status read never hands out the hosted page's secret: only the create response does.
      const clientSecret = new URL(session.url).searchParams.get('client_secret');
      assert.ok(clientSecret, 'the sandbox url carries a client_secret');
      const read = await send(`${host.url}/${session.id}`, { headers: asUser('user-ada') }, [API_KEY, clientSecret]);
      assert.equal(read.status, 200);
      assert.equal(read.json.id, session.id);
      assert.equal(read.json.status, 'pending');
      assert.equal(read.json.url, `${sandbox.url}/setup/${session.id}`);

      // The owner really is stored upstream (stateless: any helper instance can check it).
      const direct = await fetch(`${sandbox.url}/provider-setup-sessions/${session.id}`, {
        headers: { Authorization: `Bearer ${API_KEY}` },
      });
      const stored = (await direct.json()) as SetupSession;
      assert.equal(stored.metadata?.[OWNER_METADATA_KEY], 'user-ada');
    });

    it("answers another user's session exactly like an unknown one", async () => {
      const created = await postSession(host.url, { provider_id: github.id }, asUser('user-ada'));
      assert.equal(created.status, 200);
      sessionUrls.push(created.json.url);

      const foreign = await getSession(host.url, created.json.id, asUser('user-mallory'));
      const unknown = await getSession(host.url, 'pas_0zzzzzzzzzzzzzzzzzzzzz', asUser('user-mallory'));
      assert.equal(foreign.status, 404);
      assert.equal(unknown.status, 404);
      assert.equal(foreign.text, unknown.text);
      assert.equal(foreign.json.error.code, 'not_found');
    });

    it('a second helper instance (another server) also knows the owner', async () => {
      const created = await postSession(host.url, { provider_id: github.id }, asUser('user-ada'));
      sessionUrls.push(created.json.url);
      const other = await helper({ getUser });
      assert.equal((await getSession(other.url, created.json.id, asUser('user-ada'))).status, 200);
      assert.equal((await getSession(other.url, created.json.id, asUser('user-bob'))).status, 404);
    });

    it('answers 401 without a signed-in user, before calling the upstream', async () => {
      const calls = upstreamCalls;
      const created = await postSession(host.url, { provider_id: github.id });
      assert.equal(created.status, 401);
      assert.equal(created.json.error.code, 'unauthorized');
      const read = await getSession(host.url, 'pas_0zzzzzzzzzzzzzzzzzzzzz', { ...JSON_HEADERS, [USER_HEADER]: '' });
      assert.equal(read.status, 401);
      assert.equal(upstreamCalls, calls);
    });

    it('refuses a client that tries to set the owner itself', async () => {
      const calls = upstreamCalls;
      const created = await postSession(
        host.url,
        { provider_id: github.id, metadata: { [OWNER_METADATA_KEY]: 'user-ada' } },
        asUser('user-mallory'),
      );
      assert.equal(created.status, 400);
      assert.equal(created.json.error.code, 'invalid_request');
      assert.match(created.json.error.message, /reserved/);
      assert.equal(upstreamCalls, calls);
    });

    it('rejects malformed ids with the same 404, without calling the upstream', async () => {
      const calls = upstreamCalls;
      const expected = await getSession(host.url, 'pas_0zzzzzzzzzzzzzzzzzzzzz', asUser('user-ada'));
      const before = upstreamCalls;
      assert.equal(before, calls + 1);
      for (const id of ['pas_short', 'pro_0zzzzzzzzzzzzzzzzzzzzz', 'pas_0zzzzzzzzzzzzzzzzzzzz%21', '..%2Fproviders', 'pas_0zzzzzzzzzzzzzzzzzzzzzz']) {
        const read = await getSession(host.url, id, asUser('user-ada'));
        assert.equal(read.status, 404, id);
        assert.equal(read.text, expected.text, id);
      }
      assert.equal(upstreamCalls, before);
    });

    it('logs one line per request with neither the key nor a session url', () => {
      assert.ok(host.logs.length >= 10);
      for (const line of host.logs) {
        assert.ok(!line.includes(API_KEY), line);
        assert.ok(!line.includes('client_secret') && !line.includes('pas_secret_'), line);
        for (const url of sessionUrls) assert.ok(!line.includes(url), line);
      }
    });
  });

  describe('request checks', () => {
    let host: Listening;
    before(async () => {
      host = await helper();
    });

    it('requires the X-Metorial-Connect header (403)', async () => {
      const calls = upstreamCalls;
      const refused: Array<Record<string, string>> = [{ 'Content-Type': 'application/json' }, { ...JSON_HEADERS, [CONNECT_HEADER]: '0' }];
      for (const headers of refused) {
        const created = await postSession(host.url, { provider_id: github.id }, headers);
        assert.equal(created.status, 403);
        assert.equal(created.json.error.code, 'forbidden');
        const read = await getSession(host.url, 'pas_0zzzzzzzzzzzzzzzzzzzzz', headers);
        assert.equal(read.status, 403);
      }
      assert.equal(upstreamCalls, calls);
    });

    it('requires a JSON content type (415)', async () => {
      const calls = upstreamCalls;
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp', '']) {
        const headers: Record<string, string> = { [CONNECT_HEADER]: '1' };
        if (contentType) headers['Content-Type'] = contentType;
        const created = await send(host.url, { method: 'POST', headers, body: JSON.stringify({ provider_id: github.id }) });
        assert.equal(created.status, 415, contentType);
        assert.equal(created.json.error.code, 'unsupported_media_type');
      }
      assert.equal(upstreamCalls, calls);
      const withCharset = await postSession(host.url, { provider_id: github.id }, { ...JSON_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
      assert.equal(withCharset.status, 200);
      sessionUrls.push(withCharset.json.url);
    });

    it('rejects malformed JSON, unknown fields and wrong types (400) without calling the upstream', async () => {
      const calls = upstreamCalls;
      const cases: Array<[label: string, body: string, code: string, message: RegExp]> = [
        ['malformed JSON', '{"provider_id": ', 'invalid_json', /not valid JSON/],
        ['empty body', '', 'invalid_json', /not valid JSON/],
        ['array body', '[]', 'invalid_request', /must be a JSON object/],
        ['null body', 'null', 'invalid_request', /must be a JSON object/],
        ['missing provider_id', '{"name":"x"}', 'invalid_request', /"provider_id" is required/],
        ['unknown field', `{"provider_id":"${github.id}","ui_mode":"popup"}`, 'invalid_request', /Unknown field "ui_mode"/],
        ['provider_id a number', '{"provider_id":42}', 'invalid_request', /"provider_id" must be text/],
        ['provider_id with a slash', '{"provider_id":"../providers"}', 'invalid_request', /"provider_id" may contain only/],
        ['name a number', `{"provider_id":"${github.id}","name":5}`, 'invalid_request', /"name" must be text/],
        ['name too long', `{"provider_id":"${github.id}","name":"${'n'.repeat(201)}"}`, 'invalid_request', /"name" is too long/],
        ['metadata an array', `{"provider_id":"${github.id}","metadata":[1]}`, 'invalid_request', /"metadata" must be a JSON object/],
        ['metadata a string', `{"provider_id":"${github.id}","metadata":"x"}`, 'invalid_request', /"metadata" must be a JSON object/],
        ['metadata null', `{"provider_id":"${github.id}","metadata":null}`, 'invalid_request', /"metadata" must be a JSON object/],
        ['metadata too large', JSON.stringify({ provider_id: github.id, metadata: { big: 'x'.repeat(5000) } }), 'invalid_request', /"metadata" is too large/],
        ['metadata __proto__', `{"provider_id":"${github.id}","metadata":{"__proto__":{"admin":true}}}`, 'invalid_request', /__proto__/],
        ['JSON nested 5000 levels', `{"provider_id":"${github.id}","metadata":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`, 'invalid_request', /nested too deeply \(at most 32 levels\)/],
        ['metadata nested 11 levels', JSON.stringify({ provider_id: github.id, metadata: nested(11) }), 'invalid_request', /"metadata" is nested too deeply \(at most 10 levels\)/],
        ['brackets inside strings do not count', JSON.stringify({ provider_id: github.id, name: '['.repeat(100), nope: 1 }), 'invalid_request', /Unknown field "nope"/],
        ['redirect_url a number', `{"provider_id":"${github.id}","redirect_url":1}`, 'invalid_request', /"redirect_url" must be text/],
      ];
      for (const [label, body, code, message] of cases) {
        const created = await postSession(host.url, body);
        assert.equal(created.status, 400, label);
        assert.equal(created.json.error.code, code, label);
        assert.match(created.json.error.message, message, label);
      }
      assert.equal(upstreamCalls, calls);
    });

    it('accepts metadata nested exactly 10 levels and stores it as sent', async () => {
      const metadata = nested(9);
      const created = await postSession(host.url, { provider_id: github.id, metadata: { deep: metadata } });
      assert.equal(created.status, 200);
      assert.deepEqual(created.json.metadata, { deep: metadata });
      sessionUrls.push(created.json.url);
    });

    it('refuses bodies over 16 kB (413)', async () => {
      const calls = upstreamCalls;
      const created = await postSession(host.url, { provider_id: github.id, description: 'd'.repeat(17 * 1024) });
      assert.equal(created.status, 413);
      assert.equal(created.json.error.code, 'payload_too_large');
      assert.equal(upstreamCalls, calls);
    });

    it('answers other methods with 405 and Allow', async () => {
      const onCollection = await send(host.url, { method: 'PUT', headers: JSON_HEADERS, body: '{}' });
      assert.equal(onCollection.status, 405);
      assert.equal(onCollection.headers.get('allow'), 'POST');
      assert.equal(onCollection.json.error.code, 'method_not_allowed');
      for (const method of ['DELETE', 'PATCH', 'POST']) {
        const onSession = await send(`${host.url}/pas_0zzzzzzzzzzzzzzzzzzzzz`, { method, headers: JSON_HEADERS, body: '{}' });
        assert.equal(onSession.status, 405, method);
        assert.equal(onSession.headers.get('allow'), 'GET, HEAD');
      }
    });

    it('passes the sandbox\'s own rejection on as a safe 400/404', async () => {
      const unknownProvider = await postSession(host.url, { provider_id: 'pro_0zzzzzzzzzzzzzzzzzzzzz' });
      assert.equal(unknownProvider.status, 404);
      assert.equal(unknownProvider.json.error.code, 'not_found');
    });
  });

  describe('provider allow-list', () => {
    it('lets through only the listed providers (403 otherwise)', async () => {
      const host = await helper({ allowedProviderIds: [github.id] });
      const allowed = await postSession(host.url, { provider_id: github.id });
      assert.equal(allowed.status, 200);
      sessionUrls.push(allowed.json.url);

      const calls = upstreamCalls;
      const refused = await postSession(host.url, { provider_id: slack.id });
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.json, {
        error: { code: 'provider_not_allowed', message: 'This provider is not available on this site.' },
      });
      assert.equal(upstreamCalls, calls);
    });
  });

  describe('redirect_url', () => {
    const APP = 'https://app.example';
    const hostile = [
      '//evil.example/callback',
      'https://app.example@evil.example/callback',
      'https://user:pass@app.example/callback',
      'https://evil.example%2F@app.example/callback',
      'javascript:alert(document.domain)',
      'JavaScript://app.example/%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://app.example/callback',
      'http://app.example.evil.com/callback',
      'https://app.example.evil.com/callback',
      'https://app.example%2eevil.com/callback',
      'https://evil.example/#https://app.example/',
      'https://evil.example/?next=https://app.example/',
      'http://app.example/callback',
      'https://app.example:8443/callback',
      'https:\\\\evil.example\\callback',
      '/\\evil.example/callback',
      'https://app.example\\@evil.example/',
      '/callback',
      'callback',
      '  https://app.example/callback',
      'https://app.example/call\nback',
      'https://app.example\t.evil.com/',
    ];

    it('rejects every hostile URL in the table (400), without calling the upstream', async () => {
      const host = await helper({ publicOrigin: APP });
      const calls = upstreamCalls;
      for (const redirectUrl of hostile) {
        const created = await postSession(
          host.url,
          { provider_id: github.id, redirect_url: redirectUrl },
          { ...JSON_HEADERS, Origin: APP },
        );
        assert.equal(created.status, 400, redirectUrl);
        assert.equal(created.json.error.code, 'redirect_not_allowed', redirectUrl);
      }
      assert.equal(upstreamCalls, calls);
    });

    it('accepts a URL on the site\'s own origin, asked from that origin, and keeps it exactly', async () => {
      const host = await helper({ publicOrigin: APP });
      const created = await postSession(
        host.url,
        { provider_id: github.id, redirect_url: `${APP}/callback?from=connect#done` },
        { ...JSON_HEADERS, Origin: APP },
      );
      assert.equal(created.status, 200);
      assert.equal(created.json.redirect_url, `${APP}/callback?from=connect#done`);
      sessionUrls.push(created.json.url);
      // The helper allows a URL its parser normalises and forwards it as given: the sandbox,
      // stricter than upstream on purpose, refuses what `new URL()` would rewrite, which it
      // could only do if the helper had not normalised it.
      const unnormalised = await postSession(
        host.url,
        { provider_id: github.id, redirect_url: 'https://APP.example:443/callback' },
        { ...JSON_HEADERS, Origin: APP },
      );
      assert.equal(unnormalised.status, 400);
      assert.equal(unnormalised.json.error.code, 'invalid_request');
      assert.match(unnormalised.json.error.message, /"redirect_url"/);
    });

    it('without an Origin header, allows the request URL\'s own origin only', async () => {
      const host = await helper();
      const own = await postSession(host.url, { provider_id: github.id, redirect_url: `${host.url}/callback` });
      assert.equal(own.status, 200);
      sessionUrls.push(own.json.url);
      const other = await postSession(host.url, { provider_id: github.id, redirect_url: `${APP}/callback` });
      assert.equal(other.status, 400);
    });

    it('never trusts the Origin header: another site\'s Origin gets no redirect at all', async () => {
      const host = await helper();
      const calls = upstreamCalls;
      const EVIL = 'https://evil.example';
      for (const redirectUrl of [`${EVIL}/callback`, `${host.url}/callback`]) {
        const created = await postSession(
          host.url,
          { provider_id: github.id, redirect_url: redirectUrl },
          { ...JSON_HEADERS, Origin: EVIL },
        );
        assert.equal(created.status, 400, redirectUrl);
        assert.equal(created.json.error.code, 'redirect_not_allowed', redirectUrl);
      }
      assert.equal(upstreamCalls, calls);
      const sameSite = await postSession(
        host.url,
        { provider_id: github.id, redirect_url: `${host.url}/callback` },
        { ...JSON_HEADERS, Origin: host.url },
      );
      assert.equal(sameSite.status, 200);
      sessionUrls.push(sameSite.json.url);
    });

    it('warns once at construction when the allow-list defaults to the request URL', async () => {
      const bare = await helper();
      assert.match(bare.logs[0] ?? '', /neither publicOrigin nor allowedRedirectOrigins is set/);
      const configured = await helper({ publicOrigin: APP });
      const listed = await helper({ allowedRedirectOrigins: [APP] });
      assert.deepEqual(configured.logs, []);
      assert.deepEqual(listed.logs, []);
    });

    it('with `Origin: null` (an opaque origin), allows nothing', async () => {
      const host = await helper();
      const created = await postSession(
        host.url,
        { provider_id: github.id, redirect_url: `${host.url}/callback` },
        { ...JSON_HEADERS, Origin: 'null' },
      );
      assert.equal(created.status, 400);
      assert.equal(created.json.error.code, 'redirect_not_allowed');
    });

    it('behind a proxy, uses publicOrigin instead of the internal URL or Origin', async () => {
      const host = await helper({ publicOrigin: 'https://public.example' });
      const ok = await postSession(host.url, { provider_id: github.id, redirect_url: 'https://public.example/cb' });
      assert.equal(ok.status, 200);
      sessionUrls.push(ok.json.url);
      const internal = await postSession(host.url, { provider_id: github.id, redirect_url: `${host.url}/cb` });
      assert.equal(internal.status, 400);
      const spoofed = await postSession(
        host.url,
        { provider_id: github.id, redirect_url: 'https://evil.example/cb' },
        { ...JSON_HEADERS, Origin: 'https://evil.example' },
      );
      assert.equal(spoofed.status, 400);
    });

    it('with allowedRedirectOrigins, allows exactly those origins', async () => {
      const host = await helper({ allowedRedirectOrigins: ['https://one.example', 'http://localhost:8080'] });
      for (const url of ['https://one.example/cb', 'http://localhost:8080/cb']) {
        const created = await postSession(host.url, { provider_id: github.id, redirect_url: url });
        assert.equal(created.status, 200, url);
        sessionUrls.push(created.json.url);
      }
      for (const url of ['https://two.example/cb', 'http://localhost:8081/cb', `${host.url}/cb`]) {
        const created = await postSession(host.url, { provider_id: github.id, redirect_url: url }, { ...JSON_HEADERS, Origin: host.url });
        assert.equal(created.status, 400, url);
      }
    });
  });
});
