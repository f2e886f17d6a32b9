/**
 * Contract test against the official Metorial SDK: its generated provider-setup-sessions
 * endpoint class (`@metorial/generated`, API version 2026-01-01-magnetar) on its own HTTP layer
 * (`@metorial/util-endpoint`: `qs` query strings, `Metorial-Version` header, its error class),
 * driving every operation against a started sandbox. The client is assembled the way the SDK's
 * own packages assemble it (MetorialSDKBuilder with the Bearer key and the version header).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MetorialProviderDeploymentsSetupSessionsEndpoint } from '@metorial/generated/src/mt_2026_01_01_magnetar';
import { isMetorialSDKError, MetorialSDKBuilder } from '@metorial/util-endpoint';
import { CATALOG } from '../../src/sandbox/index.js';
import { runFlow, startTestSandbox, type TestSandbox } from './helpers.js';

const API_VERSION = '2026-01-01-magnetar';
type Config = { apiVersion: typeof API_VERSION; apiKey: string; apiHost: string };

function sdkFor(sandbox: TestSandbox) {
  return MetorialSDKBuilder.create<typeof API_VERSION, Config>('metorial-public-api', API_VERSION)
    .setGetApiHost((config) => config.apiHost)
    .setGetHeaders((config) => ({ Authorization: `Bearer ${config.apiKey}`, 'Metorial-Version': config.apiVersion }))
    .build((config: Config) => config)((manager) => ({
      setupSessions: new MetorialProviderDeploymentsSetupSessionsEndpoint(manager),
    }))({ apiVersion: API_VERSION, apiKey: sandbox.apiKey, apiHost: sandbox.url });
}

/** The SDK's error for a call that should fail. */
async function sdkError(call: Promise<unknown>) {
  const error = await call.then(
    () => assert.fail('the call succeeded'),
    (caught: unknown) => caught,
  );
  assert.ok(isMetorialSDKError(error), String(error));
  return (error as { response: { status: number; code: string; errors?: Array<{ path?: string[] }> } }).response;
}

describe('official SDK (@metorial/generated 2026-01-01-magnetar) against the sandbox', () => {
  let sb: TestSandbox;
  let sdk: ReturnType<typeof sdkFor>;
  const github = CATALOG[0]!;
  const slack = CATALOG[1]!;

  before(async () => {
    sb = await startTestSandbox();
    sdk = sdkFor(sb);
  });
  after(() => sb.close());

  it('creates and reads a session with the shape its types promise', async () => {
    const created = await sdk.setupSessions.create({
      providerId: github.provider.id,
      name: 'GitHub for Acme',
      metadata: { user_id: 'u_42' },
      redirectUrl: 'https://app.example.com/done',
    });
    assert.match(created.id, /^pas_[0-9a-z]{9}[0-9A-Za-z]{13}$/);
    assert.equal(created.object, 'provider.setup_session');
    assert.equal(created.type, 'auth_only');
    assert.equal(created.status, 'pending');
    assert.equal(created.providerId, github.provider.id);
    assert.deepEqual(created.metadata, { user_id: 'u_42' });
    assert.equal(created.redirectUrl, 'https://app.example.com/done');
    assert.ok(created.createdAt instanceof Date && !Number.isNaN(created.createdAt.getTime()));
    assert.equal(created.expiresAt.getTime() - created.createdAt.getTime(), 1800 * 1000);
    assert.equal(created.deployment?.isDefault, true);
    assert.equal(created.credentials?.isDefault, true);
    assert.equal(created.config, null, 'auth_only: no config');
    assert.equal(created.authConfig, null);

    const read = await sdk.setupSessions.get(created.id);
    assert.deepEqual(read, created);
  });

  it('sees a completed session with its auth config in the newer enum values', async () => {
    const created = await sdk.setupSessions.create({ providerId: github.provider.id, metadata: { user_id: 'u_7' } });
    const session = await sb.api('GET', `/provider-setup-sessions/${created.id}`);
    await runFlow(session.body, 'Allow');
    const done = await sdk.setupSessions.get(created.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.type, 'auth_only');
    assert.equal(done.authConfig?.type, 'oauth_automated');
    assert.equal(done.authConfig?.source, 'setup_session');
    assert.equal(done.authConfig?.status, 'active');
    assert.equal(done.authConfig?.isDefault, false);
    assert.equal(done.authConfig?.deploymentPreview?.isDefault, true);
    assert.deepEqual(done.authConfig?.metadata, { user_id: 'u_7' });
  });

  it('updates and deletes', async () => {
    const created = await sdk.setupSessions.create({ providerId: slack.provider.id });
    const updated = await sdk.setupSessions.update(created.id, { name: 'Renamed', metadata: { team: 't1' } });
    assert.equal(updated.name, 'Renamed');
    assert.deepEqual(updated.metadata, { team: 't1' });
    assert.ok(updated.updatedAt >= created.updatedAt);

    const deleted = await sdk.setupSessions.delete(created.id);
    assert.equal(deleted.id, created.id);
    assert.equal(deleted.status, 'deleted');
    const gone = await sdkError(sdk.setupSessions.get(created.id));
    assert.equal(gone.status, 404);
    assert.equal(gone.code, 'not_found');
  });

  it('pages through a list with limit, after, before and cursor, in both orders', async () => {
    const mine = [];
    for (let i = 0; i < 5; i++) {
      mine.push((await sdk.setupSessions.create({ providerId: CATALOG[3]!.provider.id })).id);
      sb.clock.advance(1);
    }
    const all = (await sdk.setupSessions.list({ providerId: CATALOG[3]!.provider.id, limit: 100 })).items.map((s) => s.id);
    assert.deepEqual(all, mine);

    const first = await sdk.setupSessions.list({ providerId: CATALOG[3]!.provider.id, limit: 2 });
    assert.deepEqual(first.items.map((s) => s.id), mine.slice(0, 2));
    assert.equal(first.pagination.hasMoreBefore, false);
    assert.equal(first.pagination.hasMoreAfter, true);
    const second = await sdk.setupSessions.list({ providerId: CATALOG[3]!.provider.id, limit: 2, after: mine[1] });
    assert.deepEqual(second.items.map((s) => s.id), mine.slice(2, 4));
    const back = await sdk.setupSessions.list({ providerId: CATALOG[3]!.provider.id, limit: 2, before: mine[2] });
    assert.deepEqual(back.items.map((s) => s.id), mine.slice(0, 2));
    const newest = await sdk.setupSessions.list({ providerId: CATALOG[3]!.provider.id, limit: 2, order: 'desc' });
    assert.deepEqual(newest.items.map((s) => s.id), [mine[4], mine[3]]);

    // Upstream hands out no cursor (the answer has the two flags only); `cursor` takes an item id.
    assert.deepEqual(Object.keys(first.pagination).sort(), ['hasMoreAfter', 'hasMoreBefore']);
    const viaCursor = await sdk.setupSessions.list({ providerId: CATALOG[3]!.provider.id, limit: 2, cursor: mine[1] });
    assert.deepEqual(viaCursor.items.map((s) => s.id), mine.slice(2, 4));
  });

  it('filters by one value and by several (the SDK sends arrays as key[0]=…&key[1]=…)', async () => {
    const a = await sdk.setupSessions.create({ providerId: CATALOG[4]!.provider.id });
    const b = await sdk.setupSessions.create({ providerId: CATALOG[4]!.provider.id, providerDeploymentId: CATALOG[4]!.deployments[1]!.id });
    const c = await sdk.setupSessions.create({ providerId: CATALOG[4]!.provider.id });
    await runFlow((await sb.api('GET', `/provider-setup-sessions/${a.id}`)).body, 'Allow');
    await runFlow((await sb.api('GET', `/provider-setup-sessions/${b.id}`)).body, 'Deny');
    const ids = async (query: Parameters<typeof sdk.setupSessions.list>[0]) =>
      (await sdk.setupSessions.list({ providerId: CATALOG[4]!.provider.id, limit: 100, ...query })).items.map((s) => s.id).sort();

    assert.deepEqual(await ids({ status: ['completed', 'failed'] }), [a.id, b.id].sort());
    assert.deepEqual(await ids({ status: ['pending'] }), [c.id]);
    assert.deepEqual(await ids({ id: [a.id, c.id] }), [a.id, c.id].sort());
    assert.deepEqual(await ids({ id: b.id }), [b.id]);
    assert.deepEqual(await ids({ providerDeploymentId: [CATALOG[4]!.deployments[1]!.id] }), [b.id]);
    assert.deepEqual(await ids({ providerId: [CATALOG[4]!.provider.id, CATALOG[0]!.provider.id], status: ['failed'] }), [b.id]);
  });

  it('gets the documented error objects as MetorialSDKError', async () => {
    const missing = await sdkError(sdk.setupSessions.create({ providerId: 'pro_doesnotexist' }));
    assert.equal(missing.status, 404);
    assert.equal(missing.code, 'not_found');
    const invalid = await sdkError(sdk.setupSessions.list({ limit: 1000 }));
    assert.equal(invalid.status, 400);
    assert.equal(invalid.code, 'invalid_data');
    assert.deepEqual(invalid.errors?.map((e) => e.path), [['limit']]);
    const badBody = await sdkError(sdk.setupSessions.update('pas_0000000000000000000000', { name: 'x' }));
    assert.equal(badBody.code, 'not_found');
  });
});
