/**
 * The checker is red against backends that break one rule each (test/checker/broken/), and
 * names exactly that rule; an endpoint that cannot be reached fails `reachable` alone and
 * skips the rest.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CHECKS, runChecks, type Report } from '../../src/cli/checks/index.js';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import { toNodeListener } from '../../src/server/index.js';
import type { Provider } from '../../src/shared/session.js';
import { BROKEN, MORE_BROKEN } from './broken/variants.js';
import { ALICE, BOB, ENDPOINT_PATH, serve, startUpstream } from './support.js';

const failed = (report: Report) => report.checks.filter((check) => check.status === 'fail');

describe('check-endpoint against broken backends', () => {
  let sandbox: RunningSandbox;
  let provider: Provider;
  before(async () => {
    ({ sandbox, provider } = await startUpstream());
  });
  after(() => sandbox.close());

  it('has a broken backend for every rule but reachable', () => {
    assert.deepEqual(Object.keys(BROKEN).sort(), CHECKS.map((check) => check.id).filter((id) => id !== 'reachable').sort());
  });

  for (const [rule, variant] of [...Object.entries(BROKEN), ...MORE_BROKEN]) {
    it(`names ${rule} when ${variant.mistake}`, async () => {
      let origin = '';
      const server = await serve(toNodeListener(variant.build(sandbox, () => origin)));
      origin = server.url;
      try {
        const report = await runChecks({ endpoint: server.url + ENDPOINT_PATH, provider: provider.id, userA: { Cookie: ALICE }, userB: { Cookie: BOB } });
        const broken = failed(report);
        assert.deepEqual(broken.map((check) => check.id), [rule], JSON.stringify(broken, null, 2));
        assert.equal(report.ok, false);
        const [result] = broken;
        assert.ok(result?.status === 'fail' && result.problems.length > 0 && result.problems.every((problem) => problem.length > 0));
      } finally {
        await server.close();
      }
    });
  }

  it('names reachable alone when nothing listens, and skips the rest', async () => {
    const server = await serve(() => {});
    const endpoint = server.url + ENDPOINT_PATH;
    await server.close();
    const report = await runChecks({ endpoint, provider: provider.id, userA: { Cookie: ALICE } });
    assert.deepEqual(failed(report).map((check) => check.id), ['reachable']);
    const [reachable, ...rest] = report.checks;
    assert.match(reachable?.status === 'fail' ? reachable.problems[0]! : '', /ECONNREFUSED/);
    assert.ok(rest.every((check) => check.status === 'skip' && /could not be reached/.test(check.reason)));
  });
});
