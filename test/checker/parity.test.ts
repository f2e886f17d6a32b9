/**
 * The Python example refuses what the Node helper refuses, with the same status, body and
 * headers: every kind of bad request a browser (or anyone) can send, side by side against both
 * backends over the real sandbox. Accepted requests are compared by status and fields.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import { CONNECT_HEADER, STATE_PARAM } from '../../src/shared/protocol.js';
import type { Provider } from '../../src/shared/session.js';
import { ALICE, BOB, startNodeBackend, startPythonBackend, startUpstream, type Running } from './support.js';

interface Probe {
  name: string;
  method?: string;
  /** Appended to the endpoint. */
  path?: string | ((createdId: string) => string);
  headers?: Record<string, string | null>;
  /** A JSON value (serialized), or raw text. */
  body?: unknown;
  raw?: string | Uint8Array[];
}

const big = (bytes: number) => JSON.stringify({ provider_id: 'pro_x', description: 'a'.repeat(bytes) });

describe('the Python example refuses what the helper refuses, in the same words', () => {
  let sandbox: RunningSandbox;
  let provider: Provider;
  const backends: Record<'node' | 'python', Running> = {} as never;
  const created: Record<'node' | 'python', string> = { node: '', python: '' };

  before(async () => {
    ({ sandbox, provider } = await startUpstream());
    [backends.node, backends.python] = await Promise.all([startNodeBackend(sandbox), startPythonBackend(sandbox)]);
    for (const name of ['node', 'python'] as const) {
      const answer = await send(name, { name: 'create', body: { provider_id: provider.id } });
      assert.equal(answer.status < 300, true, `${name} creates a session`);
      created[name] = (answer.body as { id: string }).id;
    }
  });
  after(async () => {
    await Promise.all(Object.values(backends).map((backend) => backend.close()));
    await sandbox.close();
  });

  async function send(name: 'node' | 'python', probe: Probe) {
    const endpoint = backends[name].endpoint;
    const origin = new URL(endpoint).origin;
    const path = typeof probe.path === 'function' ? probe.path(created[name]) : (probe.path ?? '');
    const headers: Record<string, string> = { [CONNECT_HEADER]: '1', 'Content-Type': 'application/json', Cookie: ALICE, Origin: origin };
    for (const [header, value] of Object.entries(probe.headers ?? {})) {
      if (value === null) delete headers[header];
      else headers[header] = value.replaceAll('{origin}', origin);
    }
    const chunks = Array.isArray(probe.raw) ? probe.raw : undefined;
    const sent = typeof probe.raw === 'string' ? probe.raw : probe.body === undefined ? undefined : JSON.stringify(probe.body);
    const body = chunks
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk);
            controller.close();
          },
        })
      : sent?.replaceAll('{origin}', origin).replaceAll('{provider}', provider.id);
    const method = probe.method ?? (body === undefined ? 'GET' : 'POST');
    const response = await fetch(endpoint + path, { method, headers, body, ...(chunks ? { duplex: 'half' } : {}) } as RequestInit);
    const text = await response.text();
    return {
      status: response.status,
      allow: response.headers.get('Allow'),
      cacheControl: response.headers.get('Cache-Control'),
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
  }

  const state = `${STATE_PARAM}=${'s'.repeat(43)}`;
  const refusals: Probe[] = [
    { name: 'no X-Metorial-Connect', body: { provider_id: 'pro_x' }, headers: { [CONNECT_HEADER]: null } },
    { name: 'X-Metorial-Connect: 0', body: { provider_id: 'pro_x' }, headers: { [CONNECT_HEADER]: '0' } },
    { name: 'a read without X-Metorial-Connect', path: (id) => `/${id}`, headers: { [CONNECT_HEADER]: null } },
    { name: 'nobody signed in', body: { provider_id: 'pro_x' }, headers: { Cookie: null } },
    { name: 'a read by nobody', path: (id) => `/${id}`, headers: { Cookie: null } },
    { name: 'text/plain', body: { provider_id: 'pro_x' }, headers: { 'Content-Type': 'text/plain' } },
    { name: 'a form', raw: 'provider_id=pro_x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    { name: 'no Content-Type', body: { provider_id: 'pro_x' }, headers: { 'Content-Type': null } },
    { name: 'a body over 16 KiB', raw: big(17_000) },
    { name: 'a body over 16 KiB, streamed', raw: [new TextEncoder().encode(big(17_000))] },
    { name: 'not JSON', raw: '{"provider_id": ' },
    { name: 'NaN', raw: '{"provider_id": NaN}' },
    { name: 'an empty body', raw: '' },
    { name: 'nested 33 deep', raw: '['.repeat(33) + ']'.repeat(33) },
    { name: '__proto__', raw: '{"provider_id":"pro_x","metadata":{"__proto__":{"a":1}}}' },
    { name: 'an array', body: [] },
    { name: 'null', body: null },
    { name: 'no provider_id', body: {} },
    { name: 'a number as provider_id', body: { provider_id: 42 } },
    { name: 'an empty provider_id', body: { provider_id: '' } },
    { name: 'a slash in provider_id', body: { provider_id: 'pro/x' } },
    { name: 'provider_id of 65 characters', body: { provider_id: 'p'.repeat(65) } },
    { name: 'name of 201 characters', body: { provider_id: 'pro_x', name: 'n'.repeat(201) } },
    { name: 'name null', body: { provider_id: 'pro_x', name: null } },
    { name: 'description of 1001 characters', body: { provider_id: 'pro_x', description: 'd'.repeat(1001) } },
    { name: 'an unknown field', body: { provider_id: 'pro_x', expires_at: '2099-01-01T00:00:00Z' } },
    { name: 'two unknown fields', body: { provider_id: 'pro_x', a: 1, b: 2 } },
    { name: 'metadata an array', body: { provider_id: 'pro_x', metadata: [] } },
    { name: 'metadata of 51 keys', body: { provider_id: 'pro_x', metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) } },
    { name: 'a metadata key of 101 characters', body: { provider_id: 'pro_x', metadata: { ['k'.repeat(101)]: 1 } } },
    { name: 'an empty metadata key', body: { provider_id: 'pro_x', metadata: { '': 1 } } },
    { name: 'metadata 11 levels deep', body: { provider_id: 'pro_x', metadata: JSON.parse('{"a":'.repeat(10) + '1' + '}'.repeat(10)) } },
    { name: 'metadata over 4 KiB', body: { provider_id: 'pro_x', metadata: { big: 'm'.repeat(4100) } } },
    { name: 'the reserved metadata key', body: { provider_id: 'pro_x', metadata: { metorial_connect_owner: 'mallory' } } },
    { name: 'redirect_url on another site', body: { provider_id: 'pro_x', redirect_url: `https://evil.example/cb?${state}` } },
    { name: 'redirect_url on a look-alike host', body: { provider_id: 'pro_x', redirect_url: 'http://127.0.0.1.evil.example/cb' } },
    { name: 'redirect_url with a user name', body: { provider_id: 'pro_x', redirect_url: '{origin}@evil.example/cb' } },
    { name: 'redirect_url scheme-relative', body: { provider_id: 'pro_x', redirect_url: '//evil.example/cb' } },
    { name: 'redirect_url relative', body: { provider_id: 'pro_x', redirect_url: '/cb' } },
    { name: 'redirect_url javascript:', body: { provider_id: 'pro_x', redirect_url: 'javascript:alert(1)' } },
    { name: 'redirect_url with a backslash', body: { provider_id: 'pro_x', redirect_url: '{origin}\\@evil.example' } },
    { name: 'redirect_url with a tab', body: { provider_id: 'pro_x', redirect_url: '{origin}/c\tb' } },
    { name: 'redirect_url empty', body: { provider_id: 'pro_x', redirect_url: '' } },
    { name: 'redirect_url of 2049 characters', body: { provider_id: 'pro_x', redirect_url: `{origin}/${'c'.repeat(2049)}` } },
    { name: 'Origin of another site, redirect_url on ours', body: { provider_id: 'pro_x', redirect_url: `{origin}/cb?${state}` }, headers: { Origin: 'https://evil.example' } },
    { name: 'Origin null, redirect_url on ours', body: { provider_id: 'pro_x', redirect_url: `{origin}/cb?${state}` }, headers: { Origin: 'null' } },
    { name: 'an unknown provider', body: { provider_id: 'pro_0000000000000000000000' } },
    { name: 'a malformed id', path: '/not-an-id' },
    { name: 'an id with a dot-dot', path: '/..%2Fproviders' },
    { name: 'an unknown id', path: '/pas_0000000000000000000000' },
    { name: "another user's session", path: (id) => `/${id}`, headers: { Cookie: BOB } },
    { name: 'GET {endpoint}', path: '' },
    { name: 'PUT {endpoint}', method: 'PUT', body: { provider_id: 'pro_x' } },
    { name: 'OPTIONS {endpoint} (a preflight)', method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'POST', Origin: 'https://evil.example' } },
    { name: 'DELETE {endpoint}/{id}', method: 'DELETE', path: (id) => `/${id}` },
    { name: 'PATCH {endpoint}/{id}', method: 'PATCH', path: (id) => `/${id}`, body: { name: 'x' } },
  ];
  for (const probe of refusals) {
    it(`${probe.name}: the same refusal`, async () => {
      const node = await send('node', probe);
      const python = await send('python', probe);
      assert.ok(node.status >= 400, `the helper refuses it (${node.status})`);
      assert.deepEqual(python, node);
    });
  }

  const accepted: Probe[] = [
    { name: 'the element’s body, no Origin (not a browser), redirect_url on ours', body: { provider_id: '{provider}', redirect_url: `{origin}/cb?${state}` }, headers: { Origin: null } },
    { name: 'Origin of another site, no redirect_url', body: { provider_id: '{provider}' }, headers: { Origin: 'https://evil.example' } },
    { name: 'Content-Type with a charset, every field', body: { provider_id: '{provider}', name: 'n', description: 'd', metadata: { team: { id: 't_1' } }, redirect_url: `{origin}/cb?${state}` }, headers: { 'Content-Type': 'application/json; charset=utf-8' } },
    { name: 'a read, with a trailing slash', path: (id) => `/${id}/` },
    { name: 'HEAD of a session', method: 'HEAD', path: (id) => `/${id}` },
  ];
  for (const probe of accepted) {
    it(`${probe.name}: accepted by both`, async () => {
      const node = await send('node', probe);
      const python = await send('python', probe);
      assert.ok(node.status < 300, `the helper accepts it (${node.status}: ${JSON.stringify(node.body)})`);
      assert.equal(python.status, node.status);
      assert.equal(python.cacheControl, node.cacheControl);
      if (node.body !== undefined) assert.deepEqual(Object.keys(python.body as object).sort(), Object.keys(node.body as object).sort());
    });
  }
});
