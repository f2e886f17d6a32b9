/**
 * The demo's backend route answers only its own origin. Vite's dev server grants CORS to every
 * localhost / 127.0.0.1 origin by default; if it did here, a page on another local port could
 * create sessions through the helper and read their `url` (with its client secret).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startDemo, type DemoHandle } from '../../demo/server.js';
import { PROVIDERS } from '../../src/sandbox/index.js';
import { launchBrowser, WAIT_MS } from './helpers.js';

/** What a page would send: the element's create request. */
const CREATE = { provider_id: PROVIDERS[0]!.id };

/** A page on another loopback port (a different origin from the demo). */
function startOtherSite(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Another local site</title>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs the element's create request from inside `page`; returns the status or the fetch error. */
function createFrom(page: Page, endpoint: string): Promise<{ status: number; body: string } | { error: string }> {
  return page.evaluate(
    async ({ endpoint, body }) => {
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Metorial-Connect': '1' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: await response.text() };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { endpoint, body: CREATE },
  );
}

describe('demo: no CORS grant to other origins', () => {
  let demo: DemoHandle;
  let browser: Browser;
  let other: Server;
  let otherPort: number;

  /** How many sessions the sandbox holds (read with the server-side key). */
  const sessionCount = async () => {
    const response = await fetch(`${demo.sandboxUrl}/provider-setup-sessions?limit=100`, {
      headers: { authorization: `Bearer ${demo.sandboxApiKey}` },
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { items: unknown[] }).items.length;
  };

  before(async () => {
    [demo, browser, other] = await Promise.all([startDemo({ port: 0, log: false }), launchBrowser(), startOtherSite()]);
    otherPort = (other.address() as AddressInfo).port;
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
    await new Promise((resolve) => other?.close(resolve));
  });

  it('answers a preflight from another origin without any Access-Control-* header', async () => {
    const origins = [`http://127.0.0.1:${otherPort}`, 'http://localhost:9999', 'http://evil.localhost', `http://[::1]:${otherPort}`];
    for (const origin of origins) {
      const response = await fetch(`${demo.url}/api/setup-sessions`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-metorial-connect,content-type',
        },
      });
      await response.arrayBuffer();
      const granted = [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
      assert.deepEqual(granted, [], `${origin} got ${granted.join(', ')}`);
      assert.ok(response.status >= 400, `${origin}: preflight answered ${response.status}`);
    }
  });

  it("a page on another port cannot create a session through the demo's backend (real Chromium)", async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    try {
      const before = await sessionCount();

      // Control: the demo's own page can (so the request itself is right).
      const own = await context.newPage();
      await own.goto(`${demo.url}/`);
      const ownResult = await createFrom(own, '/api/setup-sessions');
      assert.ok('status' in ownResult && ownResult.status === 200, `own page: ${JSON.stringify(ownResult).slice(0, 200)}`);
      assert.equal(await sessionCount(), before + 1);

      for (const site of [`http://127.0.0.1:${otherPort}/`, `http://localhost:${otherPort}/`]) {
        const page = await context.newPage();
        await page.goto(site);
        const result = await createFrom(page, `${demo.url}/api/setup-sessions`);
        assert.ok('error' in result, `${site} got HTTP ${'status' in result ? result.status : ''}`);
        assert.match(result.error, /TypeError: Failed to fetch/);
      }
      // The preflight failed, so the POST was never sent: nothing was created.
      assert.equal(await sessionCount(), before + 1);
    } finally {
      await context.close();
    }
  });
});
