/**
 * The checker is green against the two backends that implement the contract, the Node helper
 * (mounted as middleware) and the Python example, both over the real sandbox: with a provider
 * and two users every rule runs and passes; with the url alone it runs what needs no
 * credentials and says why it skipped the rest.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runChecks, type Report } from '../../src/cli/checks/index.js';
import { BODY_LIMIT_BYTES } from '../../src/cli/checks/body.js';
import { LIMITS } from '../../src/server/index.js';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import type { Provider } from '../../src/shared/session.js';
import { ALICE, BOB, startNodeBackend, startPythonBackend, startUpstream, type Running } from './support.js';

const ids = (report: Report, status: 'pass' | 'fail' | 'skip') => report.checks.filter((check) => check.status === status).map((check) => check.id);

/** Every rule, in the order the checker runs them. */
const ALL = [
  'reachable', 'create', 'read', 'no-secret-on-read', 'csrf-header', 'sign-in-required', 'other-user', 'content-type',
  'invalid-json', 'body-limit', 'invalid-request', 'redirect-origin', 'upstream-errors', 'malformed-id', 'methods',
  'no-store', 'error-shape',
];

/** With the url alone, against a backend that asks for sign-in: what runs without credentials. */
const WITHOUT_CREDENTIALS = ['reachable', 'csrf-header', 'methods', 'no-store', 'error-shape'];

function assertAllPassed(report: Report) {
  const failed = report.checks.filter((check) => check.status !== 'pass');
  assert.deepEqual(failed, [], 'every check ran and passed');
  assert.deepEqual(ids(report, 'pass'), ALL);
  assert.equal(report.ok, true);
}

function assertUrlAlone(report: Report) {
  assert.deepEqual(ids(report, 'fail'), []);
  assert.deepEqual(ids(report, 'pass'), WITHOUT_CREDENTIALS);
  assert.equal(report.ok, true);
  const reasons = Object.fromEntries(report.checks.flatMap((check) => (check.status === 'skip' ? [[check.id, check.reason]] : [])));
  assert.match(reasons['create']!, /--provider/);
  assert.match(reasons['sign-in-required']!, /--cookie-a or --header-a/);
  assert.match(reasons['other-user']!, /two users/);
  assert.match(reasons['invalid-json']!, /asks for sign-in first \(401\)/);
}

describe('check-endpoint against the contract’s implementations', () => {
  let sandbox: RunningSandbox;
  let provider: Provider;
  before(async () => {
    ({ sandbox, provider } = await startUpstream());
  });
  after(() => sandbox.close());

  it("uses the helper's body limit", () => {
    assert.equal(BODY_LIMIT_BYTES, LIMITS.bodyBytes);
  });

  const backends: Array<[string, (sandbox: RunningSandbox) => Promise<Running>]> = [
    ['the Node helper (connectMiddleware)', (sandbox) => startNodeBackend(sandbox)],
    ['the Python example', (sandbox) => startPythonBackend(sandbox)],
  ];
  for (const [name, start] of backends) {
    describe(name, () => {
      let backend: Running;
      before(async () => {
        backend = await start(sandbox);
      });
      after(() => backend.close());

      it('passes every rule, with a provider and two users', async () => {
        assertAllPassed(await runChecks({ endpoint: backend.endpoint, provider: provider.id, userA: { Cookie: ALICE }, userB: { Cookie: BOB } }));
      });

      it('with the url alone, runs what needs no credentials and says why it skipped the rest', async () => {
        assertUrlAlone(await runChecks({ endpoint: backend.endpoint }));
      });

      it('says so when the first user’s credentials are refused', async () => {
        const report = await runChecks({ endpoint: backend.endpoint, provider: provider.id, userA: { Cookie: 'demo_user=' } });
        const create = report.checks.find((check) => check.id === 'create');
        assert.equal(create?.status, 'fail');
        assert.match(create?.status === 'fail' ? create.problems[0]! : '', /answered 401 although the first user's credentials were sent: are they valid\?$/);
        assert.equal(report.ok, false);
      });

      it('takes credentials as headers as well as cookies, and the site origin given explicitly', async () => {
        const origin = new URL(backend.endpoint).origin;
        const report = await runChecks({
          endpoint: `${backend.endpoint}/`,
          origin,
          callbackUrl: `${origin}/connect/done`,
          provider: provider.id,
          userA: { Cookie: ALICE, 'X-Unrelated': 'yes' },
          userB: { Cookie: BOB },
        });
        assertAllPassed(report);
      });
    });
  }

  it('against the helper without sign-in, a provider alone runs every rule but the two about users', async () => {
    const backend = await startNodeBackend(sandbox, { getUser: undefined });
    try {
      const report = await runChecks({ endpoint: backend.endpoint, provider: provider.id });
      assert.deepEqual(ids(report, 'fail'), []);
      assert.deepEqual(ids(report, 'skip'), ['sign-in-required', 'other-user']);
      assert.equal(report.ok, true);
    } finally {
      await backend.close();
    }
  });

  it('against the helper without sign-in, the url alone runs every rule that needs no session', async () => {
    const backend = await startNodeBackend(sandbox, { getUser: undefined });
    try {
      const report = await runChecks({ endpoint: backend.endpoint });
      assert.deepEqual(ids(report, 'fail'), []);
      assert.deepEqual(ids(report, 'skip'), ['create', 'read', 'no-secret-on-read', 'sign-in-required', 'other-user']);
    } finally {
      await backend.close();
    }
  });
});
