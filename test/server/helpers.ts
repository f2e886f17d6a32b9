/**
 * Shared pieces of the host-helper tests: loopback servers on port 0, a request function that
 * checks every response for leaked secrets and caching headers, and a few fake upstreams.
 */
import assert from 'node:assert/strict';
import http, { type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONNECT_HEADER, CONNECT_HEADER_VALUE } from '../../src/shared/protocol.js';
import {
  createConnectHandler,
  toNodeListener,
  type ConnectHandlerOptions,
} from '../../src/server/index.js';

export const API_KEY = 'metorial_sk_test_3f9c1d2e8b7a6c5d4e3f2a1b';

export const JSON_HEADERS: Record<string, string> = {
  [CONNECT_HEADER]: CONNECT_HEADER_VALUE,
  'Content-Type': 'application/json',
};

export interface Listening {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function listen(listener: RequestListener): Promise<Listening> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The helper served by `http.createServer(toNodeListener(…))`, with its log lines kept. */
export async function startHelper(options: ConnectHandlerOptions): Promise<Listening & { logs: string[] }> {
  const logs: string[] = [];
  const handler = createConnectHandler({ ...options, log: (line) => logs.push(line) });
  const listening = await listen(toNodeListener(handler));
  return { ...listening, logs };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/**
 * Sends a request and checks what every helper response must satisfy: no secret anywhere in
 * the body or headers, `Cache-Control: no-store` and `nosniff`, and, for errors, the
 * `{ error: { code, message } }` shape the element shows.
 */
export async function send(url: string, init: RequestInit = {}, secrets: readonly string[] = [API_KEY]): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  assertNoSecrets(response.headers, text, secrets);
  assert.equal(response.headers.get('cache-control'), 'no-store', `Cache-Control of ${init.method ?? 'GET'} ${url}`);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  let json: any = undefined;
  if (text !== '') json = JSON.parse(text);
  if (response.status >= 400 && init.method !== 'HEAD') {
    assert.equal(typeof json?.error?.code, 'string', `error shape: ${text}`);
    assert.equal(typeof json?.error?.message, 'string', `error shape: ${text}`);
    assert.deepEqual(Object.keys(json), ['error']);
    assert.doesNotMatch(json.error.message, /\n\s+at |Error:|undefined|\[object/, 'plain words, no stack trace');
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function assertNoSecrets(headers: Headers, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `response body must not contain a secret: ${text}`);
    for (const [name, value] of headers) {
      assert.ok(!value.includes(secret), `response header ${name} must not contain a secret`);
    }
  }
}

export function postSession(
  base: string,
  body: unknown,
  headers: Record<string, string> = JSON_HEADERS,
  secrets?: readonly string[],
): Promise<Answer> {
  return send(base, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) }, secrets);
}

export function getSession(
  base: string,
  id: string,
  headers: Record<string, string> = JSON_HEADERS,
  secrets?: readonly string[],
): Promise<Answer> {
  return send(`${base}/${id}`, { headers }, secrets);
}

/** A local stand-in for the upstream that answers with whatever `respond` writes and keeps
 *  every request it saw (method, url, headers, body). */
export async function startFakeUpstream(
  respond: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<Listening & { requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> }> {
  const requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  const listening = await listen((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      respond(req, res, body);
    });
  });
  return { ...listening, requests };
}

/** A URL on loopback where nothing listens: a server is opened on port 0 and closed again. */
export async function closedPortUrl(): Promise<string> {
  const listening = await listen(() => {});
  await listening.close();
  return listening.url;
}

/** A fake session object as the upstream would return it. */
export function fakeSession(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    object: 'provider.setup_session',
    id: 'pas_0000000000000000000000',
    type: 'auth_only',
    status: 'pending',
    url: 'https://setup.example/pas_0000000000000000000000?client_secret=pas_secret_abc',
    name: null,
    description: null,
    metadata: {},
    provider_id: 'pro_0000000000000000000000',
    ui_mode: 'redirect',
    redirect_url: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    expires_at: '2026-01-01T00:30:00.000Z',
    ...overrides,
  };
}
