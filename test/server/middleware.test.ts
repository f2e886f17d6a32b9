/**
 * The helper as Express/Connect-style middleware (through a tiny mount shim that rewrites
 * `req.url` the way Connect does), its `basePath`, and construction-time option checks.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import {
  connectMiddleware,
  createConnectHandler,
  toNodeListener,
  type ConnectStyleMiddleware,
} from '../../src/server/index.js';
import { API_KEY, JSON_HEADERS, getSession, listen, postSession, send, type Listening } from './helpers.js';

type MountedRequest = IncomingMessage & { originalUrl?: string };

/** What `app.use(prefix, mw)` does in Connect/Express: strip the prefix from `req.url`, keep
 *  the full one in `originalUrl`, restore it for the next handler. */
function mount(prefix: string, middleware: ConnectStyleMiddleware, fallback: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: MountedRequest, res: ServerResponse) => {
    const url = req.url ?? '/';
    const rest = url.slice(prefix.length);
    if (!url.startsWith(prefix) || !(rest === '' || rest.startsWith('/') || rest.startsWith('?'))) {
      fallback(req, res);
      return;
    }
    req.originalUrl = url;
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    middleware(req, res, (error?: unknown) => {
      req.url = url;
      if (error) {
        res.statusCode = 500;
        res.end('next(error)');
        return;
      }
      fallback(req, res);
    });
  };
}

/** The host's own routes: answers plainly so tests can tell `next()` was called. */
function hostRoutes(req: IncomingMessage, res: ServerResponse) {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(`host:${req.method} ${req.url}`);
}

describe('host helper as Connect-style middleware', () => {
  let sandbox: RunningSandbox;
  let server: Listening;
  let providerId: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0, log: false, apiKey: API_KEY });
    const providers = await fetch(`${sandbox.url}/providers`, { headers: { Authorization: `Bearer ${API_KEY}` } });
    providerId = ((await providers.json()) as { items: Array<{ id: string; key: string }> }).items.find(
      (provider) => provider.key === 'github',
    )!.id;
    const middleware = connectMiddleware({ apiKey: API_KEY, upstreamUrl: sandbox.url });
    server = await listen(mount('/api/setup-sessions', middleware, hostRoutes));
  });

  after(async () => {
    await server.close();
    await sandbox.close();
  });

  it('creates and reads a session under the mount path', async () => {
    const endpoint = `${server.url}/api/setup-sessions`;
    const created = await postSession(endpoint, { provider_id: providerId });
    assert.equal(created.status, 200);
    assert.equal(created.json.provider_id, providerId);
    const read = await getSession(endpoint, created.json.id);
    assert.equal(read.status, 200);
    assert.equal(read.json.id, created.json.id);
    const withSlash = await postSession(`${endpoint}/`, { provider_id: providerId });
    assert.equal(withSlash.status, 200);
  });

  it('applies the same checks as the handler', async () => {
    const endpoint = `${server.url}/api/setup-sessions`;
    const noHeader = await postSession(endpoint, { provider_id: providerId }, { 'Content-Type': 'application/json' });
    assert.equal(noHeader.status, 403);
    const wrongMethod = await send(`${endpoint}/pas_0zzzzzzzzzzzzzzzzzzzzz`, { method: 'DELETE', headers: JSON_HEADERS });
    assert.equal(wrongMethod.status, 405);
  });

  it('calls next() for paths it does not own', async () => {
    for (const path of ['/api/setup-sessions/pas_0zzzzzzzzzzzzzzzzzzzzz/extra', '/api/setup-sessions-other', '/elsewhere']) {
      const response = await fetch(`${server.url}${path}`, { headers: JSON_HEADERS });
      assert.equal(response.status, 200, path);
      assert.equal(await response.text(), `host:GET ${path}`);
    }
  });

  it('answers 500 (not "invalid JSON") when a body parser already read the body', async () => {
    const middleware = connectMiddleware({ apiKey: API_KEY, upstreamUrl: sandbox.url });
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    // Stands in for express.json(): reads the whole body, then passes the request on.
    const parsesFirst = await listen((req, res) => {
      req.resume();
      req.on('end', () => middleware(req, res, () => hostRoutes(req, res)));
    });
    try {
      const created = await postSession(parsesFirst.url, { provider_id: providerId });
      assert.equal(created.status, 500);
      assert.equal(created.json.error.code, 'internal_error');
      assert.match((await warned).message, /before body parsers/);
    } finally {
      await parsesFirst.close();
    }
  });

  it('with basePath, works when mounted at the root', async () => {
    const middleware = connectMiddleware(
      createConnectHandler({ apiKey: API_KEY, upstreamUrl: sandbox.url, basePath: '/api/connect' }),
    );
    const root = await listen((req, res) => middleware(req, res, () => hostRoutes(req, res)));
    try {
      const created = await postSession(`${root.url}/api/connect`, { provider_id: providerId });
      assert.equal(created.status, 200);
      const other = await fetch(`${root.url}/pas_0zzzzzzzzzzzzzzzzzzzzz`);
      assert.equal(await other.text(), 'host:GET /pas_0zzzzzzzzzzzzzzzzzzzzz');
    } finally {
      await root.close();
    }
  });

  it('with basePath, serves only under that path from Node http', async () => {
    const handler = createConnectHandler({ apiKey: API_KEY, upstreamUrl: sandbox.url, basePath: '/api/connect/' });
    const direct = await listen(toNodeListener(handler));
    try {
      const created = await postSession(`${direct.url}/api/connect`, { provider_id: providerId });
      assert.equal(created.status, 200);
      const outside = await postSession(`${direct.url}/`, { provider_id: providerId });
      assert.equal(outside.status, 404);
      assert.equal(outside.json.error.code, 'not_found');
    } finally {
      await direct.close();
    }
  });
});

describe('createConnectHandler options', () => {
  it('throws clear errors for a missing key or a bad upstream URL', () => {
    assert.throws(() => createConnectHandler({ apiKey: '' }), /needs an apiKey/);
    assert.throws(() => createConnectHandler({} as never), /needs an apiKey/);
    for (const upstreamUrl of ['ftp://api.example', 'javascript:alert(1)', 'not a url', '/relative']) {
      assert.throws(() => createConnectHandler({ apiKey: API_KEY, upstreamUrl }), /upstreamUrl must/, upstreamUrl);
    }
    assert.throws(() => createConnectHandler({ apiKey: API_KEY, upstreamUrl: 'https://user:pw@api.example' }), /credentials/);
  });

  it('never puts the key in a construction error', () => {
    try {
      createConnectHandler({ apiKey: API_KEY, upstreamUrl: 'ftp://x' });
      assert.fail('should throw');
    } catch (error) {
      assert.ok(!(error as Error).message.includes(API_KEY));
    }
  });

  it('rejects allow-list entries that are not bare origins, and bad timeouts or base paths', () => {
    assert.throws(() => createConnectHandler({ apiKey: API_KEY, allowedRedirectOrigins: ['https://app.example/callback'] }), /bare origin/);
    assert.throws(() => createConnectHandler({ apiKey: API_KEY, allowedRedirectOrigins: ['app.example'] }), /absolute origin/);
    assert.throws(() => createConnectHandler({ apiKey: API_KEY, publicOrigin: 'javascript:x' }), /http or https/);
    assert.throws(() => createConnectHandler({ apiKey: API_KEY, timeoutMs: 0 }), /timeoutMs/);
    assert.throws(() => createConnectHandler({ apiKey: API_KEY, basePath: 'api' }), /basePath/);
  });

  it('answers 500 internal_error, with no details, when getUser throws', async () => {
    const handler = createConnectHandler({
      apiKey: API_KEY,
      upstreamUrl: 'http://127.0.0.1:9',
      getUser: () => {
        throw new Error(`session store down at redis://${API_KEY}@db`);
      },
    });
    const response = await handler(new Request('http://app.example/', { method: 'POST', headers: JSON_HEADERS, body: '{}' }));
    assert.equal(response.status, 500);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), {
      error: { code: 'internal_error', message: 'Something went wrong on this site. Please try again.' },
    });
  });

  it('accepts the defaults', () => {
    const handler = createConnectHandler({ apiKey: API_KEY });
    assert.equal(handler.basePath, '');
    assert.equal(handler.handles('/'), true);
    assert.equal(handler.handles('/pas_x'), true);
    assert.equal(handler.handles('/a/b'), false);
  });
});
