/**
 * How the helper turns every way the upstream can fail into a stable error for the element,
 * without passing on anything the upstream said (its bodies may echo the key).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  API_KEY,
  closedPortUrl,
  fakeSession,
  getSession,
  listen,
  postSession,
  startFakeUpstream,
  startHelper,
  type Listening,
} from './helpers.js';

const SESSION_ID = 'pas_0000000000000000000000';
const CLIENT_SECRET = 'pas_secret_abc';

describe('host helper: upstream failures', () => {
  it('answers 503 upstream_unavailable when nothing listens upstream', async () => {
    const helper = await startHelper({ apiKey: API_KEY, upstreamUrl: await closedPortUrl() });
    try {
      const created = await postSession(helper.url, { provider_id: 'pro_x' });
      assert.equal(created.status, 503);
      assert.equal(created.json.error.code, 'upstream_unavailable');
      const read = await getSession(helper.url, SESSION_ID);
      assert.equal(read.status, 503);
      assert.equal(read.json.error.code, 'upstream_unavailable');
    } finally {
      await helper.close();
    }
  });

  it('answers 504 upstream_timeout when the upstream never answers', async () => {
    let received!: () => void;
    const upstreamSawRequest = new Promise<void>((resolve) => (received = resolve));
    const silent = await listen(() => received()); // accepts the request, never answers
    const helper = await startHelper({ apiKey: API_KEY, upstreamUrl: silent.url, timeoutMs: 100 });
    try {
      const read = await getSession(helper.url, SESSION_ID);
      await upstreamSawRequest;
      assert.equal(read.status, 504);
      assert.deepEqual(read.json.error.code, 'upstream_timeout');
    } finally {
      await helper.close();
      await silent.close();
    }
  });

  describe('with an upstream that answers errors', () => {
    let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
    let helper: Listening & { logs: string[] };
    /** What the fake upstream answers next: status, headers and a body that echoes the request. */
    let next: { status: number; headers?: Record<string, string>; body: (echo: string) => string };

    before(async () => {
      upstream = await startFakeUpstream((req, res, body) => {
        const echo = JSON.stringify({ authorization: req.headers.authorization, body });
        res.writeHead(next.status, { 'Content-Type': 'application/json', ...next.headers });
        res.end(next.body(echo));
      });
      helper = await startHelper({ apiKey: API_KEY, upstreamUrl: upstream.url });
    });
    after(async () => {
      await helper.close();
      await upstream.close();
    });

    it('turns an upstream 500 into 502 upstream_error without its body', async () => {
      next = { status: 500, body: (echo) => `{"message":"internal failure","stack":"Error at x","request":${echo}}` };
      const read = await postSession(helper.url, { provider_id: 'pro_x', name: 'My connection' });
      assert.equal(read.status, 502);
      assert.deepEqual(read.json, {
        error: { code: 'upstream_error', message: 'The connection service had a problem. Please try again.' },
      });
      // The upstream really did receive the key (and echoed it), so the scan in send() meant something.
      assert.equal(upstream.requests.at(-1)?.headers.authorization, `Bearer ${API_KEY}`);
    });

    it('turns an upstream 404 into 404 not_found', async () => {
      next = { status: 404, body: (echo) => `{"object":"error","status":404,"code":"not_found","message":${echo}}` };
      const read = await getSession(helper.url, SESSION_ID);
      assert.equal(read.status, 404);
      assert.deepEqual(read.json, { error: { code: 'not_found', message: 'This setup session was not found.' } });
    });

    it('summarizes an upstream invalid_data by field names only', async () => {
      next = {
        status: 400,
        body: (echo) =>
          JSON.stringify({
            object: 'error',
            ok: false,
            status: 400,
            code: 'invalid_data',
            message: `Invalid data ${echo}`,
            errors: [
              { code: 'invalid', message: `bad ${echo}`, path: ['provider_deployment_id'] },
              { code: 'invalid', message: 'x', path: ['<script>'] },
            ],
          }),
      };
      const read = await postSession(helper.url, { provider_id: 'pro_x', provider_deployment_id: 'pde_nope' });
      assert.equal(read.status, 400);
      assert.equal(read.json.error.code, 'invalid_request');
      assert.equal(read.json.error.message, 'The connection service did not accept the request: check "provider_deployment_id".');
    });

    it('reports a rejected API key as a setup problem, not as the user\'s fault', async () => {
      next = { status: 401, body: (echo) => `{"code":"unauthorized","message":${echo}}` };
      const read = await getSession(helper.url, SESSION_ID);
      assert.equal(read.status, 502);
      assert.equal(read.json.error.code, 'upstream_error');
      assert.match(read.json.error.message, /not set up correctly/);
    });

    it("passes on upstream's 429 as rate_limited: retry_after_seconds from RateLimit-Reset, the RateLimit-* headers, one upstream call per browser call", async () => {
      const upstreamError = '{"object":"error","ok":false,"status":429,"code":"rate_limit_exceeded","message":"Rate limit exceeded."}';
      next = {
        status: 429,
        headers: { 'RateLimit-Limit': '5000', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '37' },
        body: () => upstreamError,
      };
      const calls = upstream.requests.length;
      const limited = await getSession(helper.url, SESSION_ID);
      assert.equal(upstream.requests.length - calls, 1, 'no retry: a limit is never made worse');
      assert.equal(limited.status, 429);
      assert.deepEqual(limited.json, {
        error: { code: 'rate_limited', message: 'Too many attempts. Please try again in 37 s.', retry_after_seconds: 37 },
      });
      assert.equal(limited.headers.get('ratelimit-limit'), '5000');
      assert.equal(limited.headers.get('ratelimit-remaining'), '0');
      assert.equal(limited.headers.get('ratelimit-reset'), '37');
      assert.equal(limited.headers.get('retry-after'), '37');

      const create = await postSession(helper.url, { provider_id: 'pro_x' });
      assert.equal(upstream.requests.length - calls, 2);
      assert.equal(create.status, 429);
      assert.equal(create.json.error.retry_after_seconds, 37);

      // At the window's edge (0) the browser still waits a second.
      next = { status: 429, headers: { 'RateLimit-Reset': '0' }, body: () => upstreamError };
      assert.equal((await getSession(helper.url, SESSION_ID)).json.error.retry_after_seconds, 1);
    });

    it('a 429 with a numeric Retry-After only (another upstream) uses it; odd values are dropped', async () => {
      next = { status: 429, headers: { 'Retry-After': '7' }, body: () => '{"code":"too_many_requests"}' };
      const limited = await getSession(helper.url, SESSION_ID);
      assert.equal(limited.status, 429);
      assert.equal(limited.json.error.code, 'rate_limited');
      assert.equal(limited.json.error.retry_after_seconds, 7);
      assert.equal(limited.headers.get('retry-after'), '7');

      next = { status: 429, headers: { 'Retry-After': 'soon; key=x', 'RateLimit-Reset': '1e9; x' }, body: () => '{}' };
      const odd = await getSession(helper.url, SESSION_ID);
      assert.equal(odd.status, 429);
      assert.equal(odd.headers.get('retry-after'), null);
      assert.equal(odd.headers.get('ratelimit-reset'), null);
      assert.deepEqual(odd.json, { error: { code: 'rate_limited', message: 'Too many attempts. Please wait a moment and try again.' } });
    });

    it('treats a success answer that is not a session as upstream_error', async () => {
      next = { status: 200, body: (echo) => `{"object":"list","items":[${echo}]}` };
      const read = await getSession(helper.url, SESSION_ID);
      assert.equal(read.status, 502);
      assert.equal(read.json.error.code, 'upstream_error');

      next = { status: 200, body: () => '<html>proxy login</html>' };
      const html = await getSession(helper.url, SESSION_ID);
      assert.equal(html.status, 502);
    });

    it('does not follow an upstream redirect (it would carry the key elsewhere)', async () => {
      let visitedElsewhere = false;
      const elsewhere = await listen((_req, res) => {
        visitedElsewhere = true;
        res.end(JSON.stringify(fakeSession()));
      });
      try {
        next = { status: 302, headers: { Location: `${elsewhere.url}/steal` }, body: () => '' };
        const read = await getSession(helper.url, SESSION_ID);
        assert.equal(read.status, 502);
        assert.equal(read.json.error.code, 'upstream_error');
        assert.equal(visitedElsewhere, false);
      } finally {
        await elsewhere.close();
      }
    });

    it('passes a created session through unchanged, url included; a read cuts the secret from url', async () => {
      next = { status: 200, body: () => JSON.stringify(fakeSession()) };
      const created = await postSession(helper.url, { provider_id: 'pro_0000000000000000000000' }, undefined, [API_KEY]);
      assert.equal(created.status, 200);
      assert.ok(created.json.url.includes(CLIENT_SECRET), 'the browser needs the url to open it');
      assert.deepEqual(created.json, fakeSession());

      for (const status of ['pending', 'completed', 'failed', 'expired']) {
        next = { status: 200, body: () => JSON.stringify(fakeSession({ status })) };
        const read = await getSession(helper.url, SESSION_ID, undefined, [API_KEY, CLIENT_SECRET, 'client_secret']);
        assert.equal(read.status, 200, status);
        assert.deepEqual(read.json, fakeSession({ status, url: `https://setup.example/${SESSION_ID}` }), status);
      }

      assert.ok(helper.logs.length > 0);
      for (const line of helper.logs) {
        assert.ok(!line.includes(API_KEY), line);
        assert.ok(!line.includes(CLIENT_SECRET), line);
        assert.ok(!line.includes('setup.example'), line);
        assert.ok(!line.includes('\n'), 'one line per request');
      }
      assert.match(helper.logs.at(-1)!, new RegExp(`GET /${SESSION_ID} 200 ${SESSION_ID}`));
    });
  });
});
