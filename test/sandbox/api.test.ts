import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CATALOG, PROVIDERS } from '../../src/sandbox/index.js';
import { assertError, GITHUB_ID, startTestSandbox, type TestSandbox } from './helpers.js';

const ID = (prefix: string) => new RegExp(`^${prefix}_[0-9a-z]{9}[0-9A-Za-z]{13}$`);
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SESSION_FIELDS = [
  'object', 'id', 'type', 'status', 'url', 'name', 'description', 'metadata', 'provider_id', 'auth_method', 'deployment',
  'credentials', 'auth_config', 'config', 'ui_mode', 'redirect_url', 'created_at', 'updated_at', 'expires_at',
];

describe('sandbox API', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox({ sessionTtlSeconds: 60 });
  });
  after(() => sb.close());

  describe('authentication', () => {
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/provider-setup-sessions'],
      ['POST', '/provider-setup-sessions', { provider_id: GITHUB_ID }],
      ['GET', '/provider-setup-sessions/pas_x'],
      ['PATCH', '/provider-setup-sessions/pas_x', { name: 'x' }],
      ['DELETE', '/provider-setup-sessions/pas_x'],
      ['GET', '/providers'],
    ];
    for (const [method, path, body] of calls) {
      it(`${method} ${path} needs the API key`, async () => {
        const missing = await sb.api(method, path, body, { Authorization: '' });
        assertError(missing, 401, 'unauthorized');
        assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
        assertError(await sb.api(method, path, body, { Authorization: 'Bearer metorial_sk_wrong' }), 401, 'unauthorized');
        assertError(await sb.api(method, path, body, { Authorization: `Basic ${sb.apiKey}` }), 401, 'unauthorized');
      });
    }

    it('honours a custom API key', async () => {
      const custom = await startTestSandbox({ apiKey: 'metorial_sk_custom' });
      try {
        assert.equal(custom.apiKey, 'metorial_sk_custom');
        assert.equal((await custom.api('GET', '/providers')).status, 200);
        assertError(await custom.api('GET', '/providers', undefined, { Authorization: 'Bearer metorial_sk_sandbox' }), 401, 'unauthorized');
      } finally {
        await custom.close();
      }
    });
  });

  describe('create and get', () => {
    it('creates a session with every field of the reference', async () => {
      const res = await sb.api('POST', '/provider-setup-sessions', {
        provider_id: GITHUB_ID,
        name: 'GitHub for Acme',
        description: 'Connect your GitHub account',
        metadata: { user_id: 'u_42', nested: { ok: true } },
        redirect_url: 'https://app.example.com/callback?x=1',
      });
      assert.equal(res.status, 200, 'every success is 200 upstream, create included');
      const s = res.body;
      assert.deepEqual(Object.keys(s).sort(), [...SESSION_FIELDS].sort());
      assert.equal(s.object, 'provider.setup_session');
      assert.match(s.id, ID('pas'));
      assert.equal(s.type, 'oauth');
      assert.equal(s.status, 'pending');
      assert.match(s.url, new RegExp(`^${sb.url}/setup/${s.id}\\?client_secret=pas_secret_[0-9A-Za-z]{32}$`));
      assert.equal(s.name, 'GitHub for Acme');
      assert.equal(s.description, 'Connect your GitHub account');
      assert.deepEqual(s.metadata, { user_id: 'u_42', nested: { ok: true } });
      assert.equal(s.provider_id, GITHUB_ID);
      assert.equal(s.ui_mode, 'metorial_elements');
      assert.equal(s.redirect_url, 'https://app.example.com/callback?x=1');
      assert.equal(s.auth_config, null);

      const github = CATALOG[0]!;
      assert.deepEqual(s.auth_method, github.provider.auth_methods[0]);
      assert.equal(s.auth_method.object, 'provider.capabilities.auth_method');
      assert.equal(s.auth_method.scopes[0].object, 'provider.capabilities.auth_method.scope');
      assert.deepEqual(s.deployment, github.provider.default_deployment);
      assert.deepEqual(s.credentials, github.provider.default_credentials);
      assert.equal(s.config, null, 'an auth_only session has no config');

      for (const field of ['created_at', 'updated_at', 'expires_at']) assert.match(s[field], ISO_MS);
      assert.equal(s.created_at, new Date(sb.clock.now).toISOString());
      assert.equal(Date.parse(s.expires_at) - Date.parse(s.created_at), 60_000);

      const got = await sb.api('GET', `/provider-setup-sessions/${s.id}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body, s);
    });

    it('uses the given deployment, auth method and credentials', async () => {
      const slack = CATALOG.find((e) => e.provider.key === 'slack')!;
      const s = await sb.createSession({
        provider_id: slack.provider.id,
        provider_deployment_id: slack.deployments[1]!.id,
        provider_auth_method_id: slack.provider.auth_methods[0]!.id,
        provider_auth_credentials_id: slack.credentials[1]!.id,
      });
      assert.equal(s.deployment!.id, slack.deployments[1]!.id);
      assert.equal(s.deployment!.name, 'Staging');
      assert.equal(s.credentials!.id, slack.credentials[1]!.id);
      assert.equal(s.credentials!.is_default, false);
      assert.equal(s.redirect_url, null);
      assert.equal(s.metadata, null);
    });

    it('rejects unknown providers, deployments, auth methods and credentials', async () => {
      const notion = CATALOG.find((e) => e.provider.key === 'notion')!;
      const cases: Array<[Record<string, string>, string]> = [
        [{ provider_id: 'pro_0mfkzfzfsjRaTvm3fsHseY' }, 'provider_id'],
        [{ provider_deployment_id: notion.deployments[0]!.id }, 'provider_deployment_id'],
        [{ provider_auth_method_id: notion.provider.auth_methods[0]!.id }, 'provider_auth_method_id'],
        [{ provider_auth_credentials_id: 'par_nope' }, 'provider_auth_credentials_id'],
      ];
      for (const [fields, path] of cases) {
        const body = assertError(await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID, ...fields }), 404, 'not_found');
        assert.deepEqual(body.errors[0].path, [path]);
      }
    });

    it('validates the body with per-field errors', async () => {
      const missing = assertError(await sb.api('POST', '/provider-setup-sessions', {}), 400, 'invalid_data');
      assert.deepEqual(missing.errors.map((e: { path: unknown }) => e.path), [['provider_id']]);

      for (const redirect_url of ['/relative', 'javascript:alert(1)', 'ftp://example.com/x', 'not a url', 42]) {
        const body = assertError(await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID, redirect_url }), 400, 'invalid_data');
        assert.deepEqual(body.errors.map((e: { path: unknown }) => e.path), [['redirect_url']], String(redirect_url));
      }

      // As upstream, `errors` names the first failing key only.
      const many = assertError(
        await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID, name: 5, metadata: 'x' }),
        400,
        'invalid_data',
      );
      assert.equal(many.errors.length, 1);
      assert.deepEqual(Object.keys(many.errors[0]).sort(), ['code', 'message', 'path']);
      assert.equal(typeof many.errors[0].code, 'string');
      assert.equal(typeof many.errors[0].message, 'string');

      assertError(await sb.api('POST', '/provider-setup-sessions', []), 400, 'invalid_data');
    });

    it('answers malformed JSON with bad_request and a huge body with 413', async () => {
      const malformed = assertError(await sb.api('POST', '/provider-setup-sessions', '{"provider_id":'), 400, 'bad_request');
      assert.ok(!JSON.stringify(malformed).includes('SyntaxError'));
      const huge = JSON.stringify({ provider_id: GITHUB_ID, description: 'x'.repeat(70_000) });
      assertError(await sb.api('POST', '/provider-setup-sessions', huge), 413, 'payload_too_large');
    });

    it('bounds metadata depth and size with invalid_data, storing nothing', async () => {
      const nested = (depth: number): unknown => {
        let value: unknown = 'leaf';
        for (let i = 0; i < depth; i++) value = { a: value };
        return value;
      };
      // As text: too deep for JSON.stringify itself.
      const deepJson = (depth: number) => '{"a":'.repeat(depth) + '"leaf"' + '}'.repeat(depth);
      const countBefore = (await sb.api('GET', '/provider-setup-sessions?limit=100')).body.items.length;
      const deep = assertError(await sb.api('POST', '/provider-setup-sessions', `{"provider_id":"${GITHUB_ID}","metadata":${deepJson(5000)}}`), 400, 'invalid_data');
      assert.deepEqual(deep.errors[0].path, ['metadata']);
      assert.match(deep.errors[0].message, /nested/);
      const big = assertError(
        await sb.api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID, metadata: { blob: 'x'.repeat(20_000) } }),
        400,
        'invalid_data',
      );
      assert.match(big.errors[0].message, /16384 bytes/);
      // Within the bounds it is kept as given.
      const ok = await sb.createSession({ metadata: nested(9) as Record<string, unknown> });
      assert.deepEqual(ok.metadata, nested(9));

      const s = await sb.createSession();
      assertError(await sb.api('PATCH', `/provider-setup-sessions/${s.id}`, `{"metadata":${deepJson(5000)}}`), 400, 'invalid_data');
      assertError(await sb.api('PATCH', `/provider-setup-sessions/${s.id}`, { metadata: { list: [nested(20)] } }), 400, 'invalid_data');

      // Nothing was stored and the list still works.
      const list = await sb.api('GET', '/provider-setup-sessions?limit=100');
      assert.equal(list.status, 200);
      assert.equal(list.body.items.length, countBefore + 2);
      assert.equal(list.body.items.find((x: { id: string }) => x.id === s.id).metadata, null);
    });

    it('answers a deeply nested JSON body with 400, never 500', async () => {
      const body = '['.repeat(30_000) + ']'.repeat(30_000);
      assertError(await sb.api('POST', '/provider-setup-sessions', body), 400, 'invalid_data');
      const wrapped = `{"provider_id":"${GITHUB_ID}","metadata":{"a":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`;
      assertError(await sb.api('POST', '/provider-setup-sessions', wrapped), 400, 'invalid_data');
      assert.equal((await sb.api('GET', '/provider-setup-sessions')).status, 200);
    });

    it('answers unknown ids with not_found', async () => {
      assertError(await sb.api('GET', '/provider-setup-sessions/pas_0mwz23d8rRi3cZmo0aDJAT'), 404, 'not_found');
    });

    it('gives unique ids within one millisecond, each with a fresh random part', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 15; i++) ids.push((await sb.createSession()).id);
      assert.equal(new Set(ids).size, ids.length);
      // The clock did not move: all share the time part; the rest is not a counter.
      assert.equal(new Set(ids.map((id) => id.slice(4, 13))).size, 1);
      assert.ok(ids.slice(1).every((id, i) => id.slice(13, 25) !== ids[i]!.slice(13, 25)), 'no id is its neighbour plus one');
      // The list still orders them by id.
      const listed = (await sb.api('GET', `/provider-setup-sessions?${ids.map((id) => `id=${id}`).join('&')}`)).body.items.map((s: { id: string }) => s.id);
      assert.deepEqual(listed, [...ids].sort());
    });

    it('takes ui_mode (a test-only override) and the TTL from the options', async () => {
      const framed = await startTestSandbox({ uiMode: 'iframe' });
      try {
        const s = await framed.createSession();
        assert.equal(s.ui_mode, 'iframe');
        assert.equal(Date.parse(s.expires_at) - Date.parse(s.created_at), 1800 * 1000);
      } finally {
        await framed.close();
      }
    });
  });

  describe('expiry', () => {
    it('reads a pending session past expires_at as expired, in get and in the status filter', async () => {
      const s = await sb.createSession({ metadata: { test: 'expiry' } });
      sb.clock.advance(59_999);
      assert.equal((await sb.api('GET', `/provider-setup-sessions/${s.id}`)).body.status, 'pending');
      sb.clock.advance(1);
      assert.equal((await sb.api('GET', `/provider-setup-sessions/${s.id}`)).body.status, 'expired');

      const expired = await sb.api('GET', `/provider-setup-sessions?status=expired&id=${s.id}`);
      assert.deepEqual(expired.body.items.map((i: { id: string }) => i.id), [s.id]);
      const pending = await sb.api('GET', `/provider-setup-sessions?status=pending&id=${s.id}`);
      assert.deepEqual(pending.body.items, []);
    });
  });

  describe('update', () => {
    it('changes name, description and metadata', async () => {
      const s = await sb.createSession({ name: 'old', metadata: { a: 1 } });
      sb.clock.advance(1000);
      const res = await sb.api('PATCH', `/provider-setup-sessions/${s.id}`, { name: 'new', description: 'desc', metadata: { b: 2 } });
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'new');
      assert.equal(res.body.description, 'desc');
      assert.deepEqual(res.body.metadata, { b: 2 });
      assert.equal(res.body.updated_at, new Date(sb.clock.now).toISOString());
      assert.equal(res.body.created_at, s.created_at);
      assert.deepEqual((await sb.api('GET', `/provider-setup-sessions/${s.id}`)).body, res.body);

      // Absent keeps the field; null is not "clear it" but invalid_data, as upstream.
      const partial = await sb.api('PATCH', `/provider-setup-sessions/${s.id}`, { metadata: { c: 3 } });
      assert.equal(partial.body.name, 'new');
      assert.equal(partial.body.description, 'desc');
      const cleared = assertError(await sb.api('PATCH', `/provider-setup-sessions/${s.id}`, { description: null }), 400, 'invalid_data');
      assert.deepEqual(cleared.errors.map((e: { path: unknown }) => e.path), [['description']]);
      assert.equal((await sb.api('GET', `/provider-setup-sessions/${s.id}`)).body.description, 'desc');
    });

    it('drops every other field silently and changes only the three it takes', async () => {
      const s = await sb.createSession({ name: 'keep' });
      for (const body of [
        { status: 'completed' },
        { redirect_url: 'https://evil.example/' },
        { expires_at: '2100-01-01T00:00:00.000Z' },
        { provider_id: 'pro_0mfkzg5m0Lj4JXUDbSwGfs' },
      ]) {
        const res = await sb.api('PATCH', `/provider-setup-sessions/${s.id}`, body);
        assert.equal(res.status, 200, JSON.stringify(body));
      }
      const unchanged = (await sb.api('GET', `/provider-setup-sessions/${s.id}`)).body;
      assert.deepEqual({ ...unchanged, updated_at: s.updated_at }, s);
      const renamed = await sb.api('PATCH', `/provider-setup-sessions/${s.id}`, { name: '  trimmed  ', unknown: 1 });
      assert.equal(renamed.body.name, 'trimmed');
    });

    it('answers unknown ids and malformed JSON', async () => {
      assertError(await sb.api('PATCH', '/provider-setup-sessions/pas_nope', { name: 'x' }), 404, 'not_found');
      const s = await sb.createSession();
      assertError(await sb.api('PATCH', `/provider-setup-sessions/${s.id}`, '{nope'), 400, 'bad_request');
    });
  });

  describe('delete', () => {
    it('deletes a session, answering with it as deleted (archived for the reference version)', async () => {
      const s = await sb.createSession();
      const res = await sb.api('DELETE', `/provider-setup-sessions/${s.id}`, undefined, { 'Metorial-Version': '2026-01-01-magnetar' });
      assert.equal(res.status, 200);
      assert.equal(res.body.id, s.id);
      assert.equal(res.body.status, 'deleted');
      const old = await sb.createSession();
      const archived = await sb.api('DELETE', `/provider-setup-sessions/${old.id}`);
      assert.equal(archived.body.status, 'archived');
      assertError(await sb.api('GET', `/provider-setup-sessions/${old.id}`), 404, 'not_found');
      assertError(await sb.api('GET', `/provider-setup-sessions/${s.id}`), 404, 'not_found');
      assertError(await sb.api('DELETE', `/provider-setup-sessions/${s.id}`), 404, 'not_found');
      assert.match(await (await fetch(s.url)).text(), /Setup link not found/, 'its setup page is gone too');
    });
  });

  describe('routing errors', () => {
    it('answers a method a path does not take with 404, as upstream (no 405)', async () => {
      for (const [method, path] of [
        ['PUT', '/provider-setup-sessions'],
        ['POST', '/provider-setup-sessions/pas_x'],
        ['DELETE', '/providers'],
      ] as const) {
        const res = await sb.api(method, path, {});
        assertError(res, 404, 'not_found');
        assert.equal(res.headers.get('allow'), null);
      }
    });

    it('answers an unknown route with not_found', async () => {
      assertError(await sb.api('GET', '/nothing-here'), 404, 'not_found');
      assertError(await sb.api('GET', '/provider-setup-sessions/a/b'), 404, 'not_found');
    });
  });

  describe('GET /providers', () => {
    it('lists the catalog with fixed ids and absolute, public logo URLs', async () => {
      const res = await sb.api('GET', '/providers');
      assert.equal(res.status, 200);
      assert.equal(res.body.object, 'list');
      assert.deepEqual(res.body.pagination, { has_more_before: false, has_more_after: false });
      const keys = res.body.items.map((p: { key: string }) => p.key);
      assert.deepEqual(keys, ['github', 'slack', 'google-drive', 'notion', 'linear', 'sentry', 'zendesk', 'postgres']);
      for (const [i, provider] of res.body.items.entries()) {
        const fixed = PROVIDERS[i]!;
        assert.equal(provider.object, 'provider');
        assert.equal(provider.id, fixed.id);
        assert.match(provider.id, ID('pro'));
        assert.equal(provider.logo_url, `${sb.url}${fixed.logo_url}`);
        const oauth = provider.auth_methods[0].type === 'oauth';
        assert.equal(oauth, !['sentry', 'postgres'].includes(provider.key));
        assert.ok(provider.auth_methods[0].scopes.length >= (oauth ? 2 : 0));
        if (oauth) assert.equal(provider.default_credentials.is_default, true);
        else assert.equal(provider.default_credentials, null);
        const logo = await fetch(provider.logo_url);
        assert.equal(logo.status, 200);
        assert.match(logo.headers.get('content-type')!, /^image\/svg\+xml/);
        assert.match(await logo.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      }
      assert.equal((await fetch(`${sb.url}/providers/nope/logo.svg`)).status, 404);
    });

    it('has well-formed fixed ids throughout the catalog', () => {
      for (const entry of CATALOG) {
        assert.match(entry.provider.id, ID('pro'));
        for (const d of entry.deployments) assert.match(d.id, ID('pde'));
        for (const c of entry.credentials) assert.match(c.id, ID('par'));
        assert.match(entry.config.id, ID('pcf'));
        for (const m of entry.provider.auth_methods) {
          assert.match(m.id, ID('pam'));
          for (const scope of m.scopes) assert.match(scope.id, ID('pams'));
        }
      }
    });
  });
});
