/**
 * The Python example answers exactly as the Node helper does when the upstream misbehaves
 * (validation errors, a wrong key, a redirect, garbage, nobody listening), passes the rate limit on
 * with when to try again, and follows upstream-behaviour.md: any 2xx is a success (upstream creates with 200), 429 is
 * passed on, no Metorial-Version is sent. Both backends run over one scripted fake upstream.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { CONNECT_HEADER } from '../../src/shared/protocol.js';
import { ALICE, serve, startNodeBackend, startPythonBackend, type Running } from './support.js';

const KEY = 'metorial_sk_fake_upstream_key';
const SECRET = 'pas_secret_' + 'x'.repeat(50) + 'abcdef';

function session(overrides: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return {
    object: 'provider.setup_session',
    id: 'pas_0mxdi7d0qerNo4JmvGuLXs',
    type: 'auth_only',
    status: 'pending',
    url: `https://setup.example/s/pas_0mxdi7d0qerNo4JmvGuLXs?client_secret=${SECRET}`,
    provider_id: 'pro_github',
    metadata: { metorial_connect_owner: 'alice' },
    auth_config: null,
    ui_mode: 'metorial_elements',
    redirect_url: null,
    created_at: now,
    updated_at: now,
    expires_at: new Date(Date.now() + 30 * 60_000).toISOString(),
    ...overrides,
  };
}

interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Scripted => ({
  status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const upstreamError = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  json(status, { object: 'error', ok: false, status, code, message: `upstream says ${code}: ${KEY}`, hint: 'a hint', ...extra });

interface Scenario {
  name: string;
  upstream: Scripted;
  request: 'create' | 'read';
  status: number;
  code?: string;
  /** The exact answer both give, where the test spells it out (the rate limit's words, wait
   *  and headers); otherwise the Python example is held to whatever the helper answers. */
  exact?: { body: unknown; headers: Record<string, string> };
}

const SCENARIOS: Scenario[] = [
  { name: 'a create answered 200 (as upstream does) is a success', upstream: json(200, session()), request: 'create', status: 200 },
  { name: 'a create answered 201 (the reference) is a success too', upstream: json(201, session()), request: 'create', status: 201 },
  {
    name: "429 with upstream's RateLimit-* headers (and no Retry-After) is passed on as rate_limited, with when to try again",
    upstream: { ...upstreamError(429, 'rate_limit_exceeded'), headers: { 'Content-Type': 'application/json', 'RateLimit-Limit': '5000', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '42' } },
    request: 'create',
    status: 429,
    code: 'rate_limited',
    exact: {
      body: { error: { code: 'rate_limited', message: 'Too many attempts. Please try again in 42 s.', retry_after_seconds: 42 } },
      headers: { 'retry-after': '42', 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': '42' },
    },
  },
  {
    name: '429 with a numeric Retry-After takes it as the wait',
    upstream: { ...upstreamError(429, 'rate_limit_exceeded'), headers: { 'Content-Type': 'application/json', 'Retry-After': '7' } },
    request: 'read',
    status: 429,
    code: 'rate_limited',
    exact: {
      body: { error: { code: 'rate_limited', message: 'Too many attempts. Please try again in 7 s.', retry_after_seconds: 7 } },
      headers: { 'retry-after': '7' },
    },
  },
  {
    name: '429 without either says to wait a moment',
    upstream: upstreamError(429, 'rate_limit_exceeded'),
    request: 'read',
    status: 429,
    code: 'rate_limited',
    exact: { body: { error: { code: 'rate_limited', message: 'Too many attempts. Please wait a moment and try again.' } }, headers: {} },
  },
  {
    name: "invalid_data names the field from errors[].path, never upstream's words",
    upstream: upstreamError(400, 'invalid_data', { errors: [{ code: 'too_long', message: `bad ${KEY}`, path: ['name'] }] }),
    request: 'create',
    status: 400,
    code: 'invalid_request',
  },
  { name: 'an unknown provider is 404 not_found', upstream: upstreamError(404, 'not_found'), request: 'create', status: 404, code: 'not_found' },
  { name: 'an unknown session is 404 not_found', upstream: upstreamError(404, 'not_found'), request: 'read', status: 404, code: 'not_found' },
  { name: 'a refused key is 502 upstream_error', upstream: upstreamError(401, 'unauthorized'), request: 'create', status: 502, code: 'upstream_error' },
  { name: 'a redirect is not followed (502)', upstream: { status: 302, headers: { Location: 'https://evil.example/steal' }, body: '' }, request: 'create', status: 502, code: 'upstream_error' },
  { name: 'a 2xx that is not a session is 502', upstream: json(200, { ok: true }), request: 'create', status: 502, code: 'upstream_error' },
  { name: 'a 500 is 502 upstream_error', upstream: { status: 500, body: 'Internal Server Error' }, request: 'read', status: 502, code: 'upstream_error' },
  { name: "someone else's session is 404 not_found", upstream: json(200, session({ metadata: { metorial_connect_owner: 'bob' } })), request: 'read', status: 404, code: 'not_found' },
];

describe('the Python example and the Node helper over a scripted upstream', () => {
  let next: Scripted = json(200, session());
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  let upstream: Awaited<ReturnType<typeof serve>>;
  const backends: Record<string, Running> = {};

  before(async () => {
    upstream = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(next.status, next.headers ?? {}).end(next.body);
      });
    });
    const fake = { url: upstream.url, apiKey: KEY } as RunningSandbox;
    backends.node = await startNodeBackend(fake);
    backends.python = await startPythonBackend(fake);
  });
  after(async () => {
    await Promise.all(Object.values(backends).map((backend) => backend.close()));
    await upstream.close();
  });

  async function ask(backend: Running, request: Scenario['request']) {
    const origin = new URL(backend.endpoint).origin;
    const response =
      request === 'create'
        ? await fetch(backend.endpoint, {
            method: 'POST',
            headers: { [CONNECT_HEADER]: '1', 'Content-Type': 'application/json', Cookie: ALICE, Origin: origin },
            body: JSON.stringify({ provider_id: 'pro_github', redirect_url: `${origin}/callback?metorial_connect_state=abc` }),
          })
        : await fetch(`${backend.endpoint}/pas_0mxdi7d0qerNo4JmvGuLXs`, { headers: { [CONNECT_HEADER]: '1', Cookie: ALICE } });
    const text = await response.text();
    assert.ok(!text.includes(KEY), 'the key never reaches the browser');
    const headers = Object.fromEntries(
      ['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].flatMap((name) => {
        const value = response.headers.get(name);
        return value === null ? [] : [[name, value]];
      }),
    );
    return { status: response.status, body: JSON.parse(text) as Record<string, any>, headers };
  }

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      next = scenario.upstream;
      const node = await ask(backends.node!, scenario.request);
      const python = await ask(backends.python!, scenario.request);
      assert.equal(node.status, scenario.status);
      if (scenario.code) assert.equal(node.body.error?.code, scenario.code);
      if (scenario.exact) assert.deepEqual(node, { status: scenario.status, ...scenario.exact }, 'the helper answers exactly so');
      assert.deepEqual(python, node, 'the Python example answers as the helper does');
    });
  }

  it('reads drop the setup url’s secret, as the helper does', async () => {
    next = json(200, session());
    const python = await ask(backends.python!, 'read');
    assert.equal(python.body.url, 'https://setup.example/s/pas_0mxdi7d0qerNo4JmvGuLXs');
  });

  it('sends the key as a Bearer token, the owner in metadata, and no Metorial-Version', async () => {
    next = json(200, session());
    received.length = 0;
    await ask(backends.python!, 'create');
    const [call] = received;
    assert.equal(call?.method, 'POST');
    assert.equal(call?.url, '/provider-setup-sessions');
    assert.equal(call?.headers.authorization, `Bearer ${KEY}`);
    assert.equal(call?.headers['metorial-version'], undefined);
    assert.deepEqual(JSON.parse(call!.body).metadata, { metorial_connect_owner: 'alice' });
  });

  it('answers 503 upstream_unavailable, as the helper does, when nothing listens upstream', async () => {
    const gone = await serve(() => {});
    await gone.close();
    const fake = { url: gone.url, apiKey: KEY } as RunningSandbox;
    const node = await startNodeBackend(fake);
    const python = await startPythonBackend(fake);
    try {
      const answers = [await ask(node, 'create'), await ask(python, 'create')];
      assert.equal(answers[0]!.status, 503);
      assert.deepEqual(answers[1], answers[0]);
    } finally {
      await Promise.all([node.close(), python.close()]);
    }
  });
});

describe("the Python example and the helper over the sandbox's own rate limit", () => {
  it('pass its 429 on as rate_limited; the example says when to try again (RateLimit-Reset)', async () => {
    // Two requests a window: the sessions the two creates below make, then a 429 for each.
    const sandbox = await startSandbox({ port: 0, log: false, rateLimit: 2, rateWindowSeconds: 600 });
    const [node, python] = await Promise.all([startNodeBackend(sandbox), startPythonBackend(sandbox)]);
    const create = (backend: Running) =>
      fetch(backend.endpoint, {
        method: 'POST',
        headers: { [CONNECT_HEADER]: '1', 'Content-Type': 'application/json', Cookie: ALICE },
        body: JSON.stringify({ provider_id: 'pro_0mfkzfzfsjRaTvm3fsHseX' }),
      });
    try {
      assert.equal((await create(node)).status, 200);
      assert.equal((await create(python)).status, 200);
      const [fromNode, fromPython] = [await create(node), await create(python)];
      assert.deepEqual([fromNode.status, ((await fromNode.json()) as { error: { code: string } }).error.code], [429, 'rate_limited']);
      assert.equal(fromPython.status, 429);
      const { error } = (await fromPython.json()) as { error: { code: string; message: string; retry_after_seconds: number } };
      assert.equal(error.code, 'rate_limited');
      assert.ok(error.retry_after_seconds >= 1 && error.retry_after_seconds <= 600, String(error.retry_after_seconds));
      assert.equal(error.message, `Too many attempts. Please try again in ${error.retry_after_seconds} s.`);
      assert.equal(fromPython.headers.get('Retry-After'), String(error.retry_after_seconds));
      assert.equal(fromPython.headers.get('RateLimit-Reset'), String(error.retry_after_seconds));
      assert.equal(fromPython.headers.get('RateLimit-Remaining'), '0');
    } finally {
      await Promise.all([node.close(), python.close()]);
      await sandbox.close();
    }
  });
});
