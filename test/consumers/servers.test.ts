/**
 * The README's server snippets (test/consumers/fixtures/server/*.ts, shown verbatim in the
 * README), run as written against the packed `metorial-connect/server`, pointed at the sandbox
 * with `upstreamUrl`: real HTTP, create → read, in Hono, Express 5 and 4, a CommonJS Express 4
 * app that require()s the helper, a Next.js-style route handler (web Request → Response) and
 * Node's `http`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { CONSUMERS_DIR, FIXTURES, INSTALLED, ROOT, assertPacked } from './support.js';

const GITHUB = 'pro_0mfkzfzfsjRaTvm3fsHseX';

/** Starts a Node server on a free loopback port and returns its base URL. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What the element does: create a session, then read it back. */
async function createThenRead(base: string, headers: Record<string, string> = {}): Promise<void> {
  const created = await fetch(`${base}/api/setup-sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-metorial-connect': '1', ...headers },
    body: JSON.stringify({ provider_id: GITHUB }),
  });
  const session = (await created.json()) as { id: string; url: string; status: string; provider_id: string };
  assert.ok(created.status === 201 || created.status === 200, `create answered ${created.status}: ${JSON.stringify(session)}`);
  assert.match(session.id, /^pas_/);
  assert.equal(session.provider_id, GITHUB);
  assert.match(session.url, /client_secret=/, 'the creator gets the setup url with its secret');

  const read = await fetch(`${base}/api/setup-sessions/${session.id}`, { headers: { 'x-metorial-connect': '1', ...headers } });
  assert.equal(read.status, 200);
  const again = (await read.json()) as { id: string; url: string; status: string };
  assert.equal(again.id, session.id);
  assert.equal(again.status, 'pending');
  assert.equal(new URL(again.url).search, '', 'a read never carries the secret');
}

describe('server: the README snippets, from the tarball, against the sandbox', () => {
  let sandbox: RunningSandbox;
  const servers: Server[] = [];

  before(async () => {
    assertPacked();
    sandbox = await startSandbox({ port: 0, log: false });
    process.env.METORIAL_API_KEY = sandbox.apiKey;
    process.env.METORIAL_API_URL = sandbox.url;
  });

  after(async () => {
    for (const server of servers) server.close();
    await sandbox?.close();
  });

  async function serveFixture(server: Server): Promise<string> {
    servers.push(server);
    return listen(server);
  }

  it('Hono: app.mount(path, createConnectHandler(…))', async () => {
    const { default: app } = await import(`${FIXTURES}/server/hono.ts`);
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    await createThenRead(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  it('Express 5: app.use(path, connectMiddleware(…)) before express.json()', async () => {
    const { default: app } = await import(`${FIXTURES}/server/express.ts`);
    await createThenRead(await serveFixture(createServer(app)));
  });

  it('Express 4: the same snippet', async () => {
    // A consumer project whose `express` is 4.x: the snippet, the packed package and express@4.
    const dir = `${CONSUMERS_DIR}/express4`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(`${dir}/node_modules`, { recursive: true });
    symlinkSync(`${ROOT}/node_modules/express-4`, `${dir}/node_modules/express`);
    symlinkSync(INSTALLED, `${dir}/node_modules/metorial-connect`);
    copyFileSync(`${FIXTURES}/server/express.ts`, `${dir}/express.ts`);
    const { default: expressPackage } = await import(`${dir}/node_modules/express/package.json`, { with: { type: 'json' } });
    assert.match(expressPackage.version, /^4\./);
    const { default: app } = await import(`${dir}/express.ts`);
    await createThenRead(await serveFixture(createServer(app)));
  });

  it('Express 4, CommonJS: require() the helper in a "type": "commonjs" app', async (t) => {
    const dir = `${CONSUMERS_DIR}/express4-cjs`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(`${dir}/node_modules`, { recursive: true });
    writeFileSync(`${dir}/package.json`, JSON.stringify({ name: 'express4-cjs', private: true, type: 'commonjs' }));
    symlinkSync(`${ROOT}/node_modules/express-4`, `${dir}/node_modules/express`);
    symlinkSync(INSTALLED, `${dir}/node_modules/metorial-connect`);
    copyFileSync(`${FIXTURES}/server/express4-cjs.cjs`, `${dir}/express4-cjs.cjs`);
    // Plain Node, not this test's process: tsx's require hook would compile the ES modules
    // itself, and Node's own require(esm) is what a CommonJS app gets. The app prints its port,
    // and whether import() of the helper gives the same functions (one copy, not two).
    const app = `const app = require('./express4-cjs.cjs');
      const server = app.listen(0, '127.0.0.1', async () => {
        const same = (await import('metorial-connect/server')).connectMiddleware === require('metorial-connect/server').connectMiddleware;
        console.log(JSON.stringify({ port: server.address().port, express: require('express/package.json').version, same }));
      });`;
    const child = spawn(process.execPath, ['--input-type=commonjs', '-e', app], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    t.after(() => child.kill());
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the CommonJS app exited (${code}) before listening:\n${stderr}`)));
    });
    const started = JSON.parse(line) as { port: number; express: string; same: boolean };
    assert.match(started.express, /^4\./);
    assert.equal(started.same, true, 'require() and import() share one copy of the helper');
    await createThenRead(`http://127.0.0.1:${started.port}`);
  });

  it('Next.js route handler: GET and POST are (Request) => Response, with getUser', async () => {
    const route = await import(`${FIXTURES}/server/next-route.ts`);
    // What Next does: the web Request of the full path to the exported method.
    const { toNodeListener } = await import(`${INSTALLED}/dist/server/index.js`);
    const base = await serveFixture(createServer(toNodeListener((request: Request) => route[request.method](request))));
    await createThenRead(base, { cookie: 'uid=u_42' });
    const anonymous = await fetch(`${base}/api/setup-sessions`, { method: 'POST', headers: { 'x-metorial-connect': '1', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(anonymous.status, 401, 'without the user, getUser refuses');
  });

  it('Node http: createServer(toNodeListener(handler))', async () => {
    const { server } = await import(`${FIXTURES}/server/node-http.ts`);
    await createThenRead(await serveFixture(server));
  });
});
