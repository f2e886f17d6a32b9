/** How the sandbox reads real clients: array syntaxes, unknown keys, body types, Metorial-Version. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SetupSession } from '../../src/shared/session.js';
import { assertError, runFlow, startTestSandbox, type TestSandbox } from './helpers.js';

const MAGNETAR = { 'Metorial-Version': '2026-01-01-magnetar' };

describe('sandbox list query syntaxes', () => {
  let sb: TestSandbox;
  let completed: SetupSession;
  let failed: SetupSession;
  let pending: SetupSession;
  before(async () => {
    sb = await startTestSandbox();
    completed = await sb.createSession();
    failed = await sb.createSession();
    pending = await sb.createSession();
    await runFlow(completed, 'Allow');
    await runFlow(failed, 'Deny');
  });
  after(() => sb.close());

  const listIds = async (query: string) => {
    const res = await sb.api('GET', `/provider-setup-sessions?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items.map((s: SetupSession) => s.id).sort();
  };

  it('reads every array syntax of a filter alike; a comma is not a separator', async () => {
    const expected = [completed.id, failed.id].sort();
    for (const query of [
      'status=completed&status=failed',
      'status%5B0%5D=completed&status%5B1%5D=failed', // qs, as the official SDK sends it
      'status[1]=failed&status[0]=completed',
      'status[]=completed&status[]=failed',
    ]) {
      assert.deepEqual(await listIds(query), expected, query);
    }
    assert.deepEqual(await listIds(`id[0]=${pending.id}&id[1]=${failed.id}`), [pending.id, failed.id].sort());
    assert.deepEqual(await listIds('status[0]=pending'), [pending.id]);
    const commas = assertError(await sb.api('GET', '/provider-setup-sessions?status=completed,failed'), 400, 'invalid_data');
    assert.deepEqual(commas.errors.map((e: { path: unknown[] }) => e.path[0]), ['status']);
    assert.deepEqual(await listIds(`id=${pending.id},${failed.id}`), []);
  });

  it('ignores unknown query keys, as upstream', async () => {
    for (const key of ['statuses', 'provider', 'foo[0]', 'expand']) {
      assert.deepEqual(await listIds(`${encodeURIComponent(key)}=1&status=pending`), [pending.id], key);
    }
  });

  it('refuses a known key in a shape it cannot take, naming it', async () => {
    const repeated = assertError(await sb.api('GET', '/provider-setup-sessions?limit=5&limit=6'), 400, 'invalid_data');
    assert.deepEqual(repeated.errors, [{ code: 'repeated_parameter', message: 'Give this parameter at most once', path: ['limit'] }]);
    for (const key of ['limit[0]', 'status[x]']) {
      const body = assertError(await sb.api('GET', `/provider-setup-sessions?${encodeURIComponent(key)}=1`), 400, 'invalid_data');
      assert.equal(body.message, 'The query parameters are invalid.');
      assert.deepEqual(body.errors.map((e: { path: unknown[] }) => e.path[0]), [key.split('[')[0]]);
    }
  });
});

describe('sandbox request bodies', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  it('takes JSON bodies only: another content type is bad_request, as upstream', async () => {
    const body = JSON.stringify({ provider_id: 'pro_0mfkzfzfsjRaTvm3fsHseX' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'text/plain; charset=utf-8']) {
      const res = await sb.api('POST', '/provider-setup-sessions', body, { 'Content-Type': type });
      assertError(res, 400, 'bad_request');
    }
    const s = await sb.createSession();
    assertError(await sb.api('PATCH', `/provider-setup-sessions/${s.id}`, '{"name":"x"}', { 'Content-Type': 'text/plain' }), 400, 'bad_request');
    assert.equal((await sb.api('POST', '/provider-setup-sessions', body, { 'Content-Type': 'application/json; charset=utf-8' })).status, 200);
  });
});

describe('sandbox Metorial-Version', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  it("answers with the reference's enum values without a version, the newer ones with one", async () => {
    const s = await sb.createSession();
    await runFlow(s, 'Allow');
    const reference = (await sb.api('GET', `/provider-setup-sessions/${s.id}`)).body;
    assert.equal(reference.type, 'oauth');
    assert.equal(reference.auth_config.type, 'oauth');
    const versioned = (await sb.api('GET', `/provider-setup-sessions/${s.id}`, undefined, MAGNETAR)).body;
    assert.equal(versioned.type, 'auth_only');
    assert.equal(versioned.auth_config.type, 'oauth_automated');
    // Everything else is the same session.
    assert.deepEqual({ ...versioned, type: 'oauth', auth_config: { ...versioned.auth_config, type: 'oauth' } }, reference);
    const listed = (await sb.api('GET', '/provider-setup-sessions', undefined, MAGNETAR)).body.items;
    assert.deepEqual(listed.map((x: SetupSession) => x.type), ['auth_only']);
    const created = (await sb.api('POST', '/provider-setup-sessions', { provider_id: s.provider_id }, MAGNETAR)).body;
    assert.equal(created.type, 'auth_only');
  });

  it('falls back to the default version for an unknown one, as upstream', async () => {
    const s = await sb.createSession();
    const unknown = await sb.api('GET', `/provider-setup-sessions/${s.id}`, undefined, { 'Metorial-Version': '1999-01-01-nope' });
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.body, (await sb.api('GET', `/provider-setup-sessions/${s.id}`)).body);
  });

  it('carries is_default on deployments, configs and auth configs', async () => {
    const s = await sb.createSession();
    await runFlow(s, 'Allow');
    const session = (await sb.api('GET', `/provider-setup-sessions/${s.id}`)).body;
    assert.equal(session.deployment.is_default, true);
    assert.equal(session.config, null, 'auth_only');
    assert.equal(session.credentials.is_default, true);
    assert.equal(session.auth_config.is_default, false);
    assert.equal(session.auth_config.deployment_preview.is_default, true);
    const staging = await sb.createSession({ provider_deployment_id: 'pde_0mfkzg0zcLHdvj2AALb7ff' });
    assert.equal((staging.deployment as { is_default?: boolean }).is_default, false);
  });
});
