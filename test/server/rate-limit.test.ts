/**
 * The host helper over real HTTP against the sandbox's rate limit (upstream's 429
 * `rate_limit_exceeded`, `RateLimit-*` headers, no `Retry-After`): the browser gets a stable
 * 429 `rate_limited` with the seconds to wait, and each browser call is one upstream call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import type { Provider } from '../../src/shared/session.js';
import { API_KEY, getSession, postSession, startHelper, type Listening } from './helpers.js';

describe('host helper against the sandbox: rate limited', () => {
  let sandbox: RunningSandbox;
  let helper: Listening;
  let upstreamCalls = 0;
  let providerId: string;

  before(async () => {
    // Three requests per minute: the catalog read below, one create, one read; then 429.
    sandbox = await startSandbox({ port: 0, log: false, apiKey: API_KEY, rateLimit: 3, rateWindowSeconds: 60 });
    const response = await fetch(`${sandbox.url}/providers`, { headers: { Authorization: `Bearer ${API_KEY}` } });
    providerId = ((await response.json()) as { items: Provider[] }).items[0]!.id;
    helper = await startHelper({
      apiKey: API_KEY,
      upstreamUrl: sandbox.url,
      fetch: (input, init) => {
        upstreamCalls += 1;
        return fetch(input, init);
      },
    });
  });
  after(async () => {
    await helper?.close();
    await sandbox?.close();
  });

  it('passes the limit on as 429 rate_limited with retry_after_seconds and the RateLimit-* headers, one upstream call each', async () => {
    const created = await postSession(helper.url, { provider_id: providerId });
    assert.equal(created.status, 200);
    const id = created.json.id as string;
    assert.equal((await getSession(helper.url, id)).status, 200);
    assert.equal(upstreamCalls, 2);

    const limited = await getSession(helper.url, id);
    assert.equal(upstreamCalls, 3, 'one upstream call, no retry');
    assert.equal(limited.status, 429);
    assert.equal(limited.json.error.code, 'rate_limited');
    const seconds = limited.json.error.retry_after_seconds;
    assert.ok(Number.isInteger(seconds) && seconds >= 1 && seconds <= 60, `retry_after_seconds ${seconds}`);
    assert.equal(limited.json.error.message, `Too many attempts. Please try again in ${seconds} s.`);
    assert.equal(limited.headers.get('ratelimit-limit'), '3');
    assert.equal(limited.headers.get('ratelimit-remaining'), '0');
    assert.equal(limited.headers.get('ratelimit-reset'), String(seconds));
    assert.equal(limited.headers.get('retry-after'), String(seconds));

    const create = await postSession(helper.url, { provider_id: providerId });
    assert.equal(upstreamCalls, 4);
    assert.equal(create.status, 429);
    assert.equal(create.json.error.code, 'rate_limited');
  });
});
