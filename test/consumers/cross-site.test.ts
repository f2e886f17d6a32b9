/**
 * An app embedded by another site: the plain-HTML consumer (the packed `dist/cdn/` files and the
 * helper from the tarball) served on 127.0.0.1, framed by a page on `localhost` — another site.
 * Chromium runs as it ships, launched here and driven over CDP: Playwright's own launch turns
 * third-party storage partitioning off (and the popup blocker), which would hide what this test
 * is about. With partitioning on, the framed app's BroadcastChannel is not the popup's, so the
 * outcome comes back through `window.opener` alone; and the app's session cookie reaches its
 * backend from inside the frame only as `SameSite=None; Secure` (here also `Partitioned`).
 * docs/headers-and-embedding.md ("Embedded in another site") describes what this proves.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/find-chromium.js';
import { WAIT_MS } from '../e2e/helpers.js';
import { FIXTURES, INSTALLED, assertPacked } from './support.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.map': 'application/json' };

/** Chromium as it ships (popup blocker and storage partitioning on), over CDP. */
async function launchShippedChromium(): Promise<{ browser: Browser; stop(): Promise<void> }> {
  const profile = mkdtempSync(`${tmpdir()}/metorial-cross-site-`);
  const child: ChildProcess = spawn(findChromium(), [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before it listened: ${seen.slice(-500)}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  return {
    browser,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited; // (its profile is written to until it is gone)
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

interface App {
  origin: string;
  server: Server;
  /** Users the backend saw on session requests, in order ('' when none). */
  users: string[];
}

/**
 * The embedded app: the plain-HTML fixture, its `/login` that sets the session cookie with the
 * given attributes, and the helper with a `getUser` that reads it. Its pages may be framed by
 * `embedder` only.
 */
async function startApp(sandbox: RunningSandbox, cookieAttributes: string, embedder: () => string): Promise<App> {
  const { createConnectHandler, toNodeListener } = await import(`${INSTALLED}/dist/server/index.js`);
  const users: string[] = [];
  const api = toNodeListener(
    createConnectHandler({
      apiKey: sandbox.apiKey,
      upstreamUrl: sandbox.url,
      basePath: '/api/setup-sessions',
      getUser(request: Request) {
        const user = /(?:^|;\s*)sid=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1];
        users.push(user ?? '');
        return user;
      },
    }),
  );
  const app: App = { origin: '', server: createServer(), users };
  app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', app.origin).pathname;
    if (path.startsWith('/api/setup-sessions')) return api(req, res);
    if (path === '/login') {
      res.writeHead(302, { location: '/', 'set-cookie': `sid=alice; Path=/; HttpOnly; ${cookieAttributes}` }).end();
      return;
    }
    const file = path.startsWith('/vendor/metorial-connect/')
      ? `${INSTALLED}/dist/cdn/${path.slice('/vendor/metorial-connect/'.length)}`
      : `${FIXTURES}/html${path === '/' ? '/index.html' : path}`;
    if (path.includes('..') || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      ...(type.startsWith('text/html') && {
        // Framed by the one site that embeds it (and itself: the callback page in in-page mode).
        'content-security-policy': `frame-ancestors 'self' ${embedder()}`,
        'cross-origin-opener-policy': 'same-origin-allow-popups',
      }),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  app.origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return app;
}

/** The embedding site, on `localhost` (another site than 127.0.0.1), framing the app's login;
 *  `coop`: its Cross-Origin-Opener-Policy. */
async function startEmbedder(app: () => string, coop: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cross-origin-opener-policy': coop });
    res.end(`<!doctype html><title>Partner portal</title><iframe title="Connect" src="${app()}/login" width="600" height="400"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}

describe('cross-site embedding: the app in another site’s frame, Chromium as it ships', () => {
  let sandbox: RunningSandbox;
  let shipped: { browser: Browser; stop(): Promise<void> };
  const servers: Server[] = [];

  before(async () => {
    assertPacked();
    [sandbox, shipped] = await Promise.all([startSandbox({ port: 0, log: false }), launchShippedChromium()]);
  });
  after(async () => {
    await shipped?.browser.close().catch(() => {});
    await shipped?.stop();
    for (const server of servers) server.close();
    await sandbox?.close();
  });

  /** The embedder's page with the app framed and signed in (the login redirected back to `/`). */
  async function embedded(cookieAttributes: string, coop = 'same-origin-allow-popups'): Promise<{ page: Page; frame: Frame; app: App }> {
    let embedderOrigin = '';
    const app = await startApp(sandbox, cookieAttributes, () => embedderOrigin);
    const embedder = await startEmbedder(() => app.origin, coop);
    embedderOrigin = embedder.origin;
    servers.push(app.server, embedder.server);
    const context = await shipped.browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    await page.goto(`${embedder.origin}/`);
    const frame = page.frameLocator('iframe[title="Connect"]');
    await frame.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).waitFor();
    const appFrame = page.frames().find((f) => f.url().startsWith(app.origin))!;
    assert.equal(new URL(appFrame.url()).pathname, '/', 'the frame came back from /login to the app');
    return { page, frame: appFrame, app };
  }

  it('storage is partitioned here: what the framed app stores, its own origin at the top does not see', async () => {
    const { page, frame, app } = await embedded('SameSite=None; Secure; Partitioned');
    await frame.evaluate(() => localStorage.setItem('metorial-cross-site-probe', 'framed'));
    const top = await page.context().newPage(); // loaded after the write: it reads the storage afresh
    await top.goto(`${app.origin}/vendor/metorial-connect/callback.html`);
    assert.equal(await top.evaluate(() => localStorage.getItem('metorial-cross-site-probe')), null, 'partitioning is on, as in a shipped Chromium');
    assert.equal(await frame.evaluate(() => localStorage.getItem('metorial-cross-site-probe')), 'framed');
    await page.context().close();
  });

  it('popup: connected through window.opener, the signed-in user’s session read from inside the frame', async () => {
    const { page, frame, app } = await embedded('SameSite=None; Secure; Partitioned');
    const popupOpened = page.waitForEvent('popup');
    await frame.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue', exact: true }).click();
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    const outcome = frame.locator('#outcome[data-event="connected"]');
    await outcome.waitFor();
    await closed; // the callback page closed its popup
    const sessionId = await outcome.getAttribute('data-session');
    const response = await fetch(`${sandbox.url}/provider-setup-sessions/${sessionId}`, { headers: { authorization: `Bearer ${sandbox.apiKey}` } });
    assert.equal(((await response.json()) as { status: string }).status, 'completed');
    assert.ok(app.users.length >= 2 && app.users.every((user) => user === 'alice'), `every session request carried alice's cookie: ${app.users}`);
    await page.context().close();
  });

  it('a session cookie without SameSite=None never reaches the backend from the frame: the element says the backend refused', async () => {
    const { page, frame, app } = await embedded('SameSite=Lax');
    const popupOpened = page.waitForEvent('popup');
    await frame.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupOpened; // opened in the click, before the backend answered
    const outcome = frame.locator('#outcome[data-event="failed"]');
    await outcome.waitFor();
    assert.deepEqual(app.users, [''], 'the create request came without the cookie');
    assert.equal(popup.isClosed() || (await popup.waitForEvent('close').then(() => true)), true, 'the flow closed its blank popup');
    await page.context().close();
  });

  describe('the embedding page sends Cross-Origin-Opener-Policy: same-origin', () => {
    const WORDS = 'This page is embedded in a site that blocks its windows. Open it in its own tab.';

    /** The window the browser opened although `open()` answered null to the frame: it loads the
     *  callback page, which closes itself. Resolves once it is gone, with the page count left. */
    async function strayWindowCloses(page: Page, opened: Promise<Page>): Promise<number> {
      const stray = await opened;
      if (!stray.isClosed()) await stray.waitForEvent('close');
      return page.context().pages().length;
    }

    it('popup: the window the page’s isolation takes from the frame closes itself, and the element says why', async () => {
      const { page, frame, app } = await embedded('SameSite=None; Secure; Partitioned', 'same-origin');
      await frame.evaluate((file) => import(file), '/own-tab.js'); // docs/headers-and-embedding.md's way forward
      const opened = page.context().waitForEvent('page');
      await frame.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
      assert.equal(await strayWindowCloses(page, opened), 1, 'no window is left but the embedder’s page');
      const outcome = frame.locator('#outcome[data-event="failed"]');
      await outcome.waitFor();
      assert.equal(await outcome.textContent(), WORDS);
      const status = frame.locator('metorial-connect [part=status]');
      assert.equal((await status.textContent())?.trim(), WORDS, 'the element shows the same words');
      assert.deepEqual(app.users, [], 'no session was created');
      const ownTab = frame.getByRole('link', { name: 'Open this page in its own tab' });
      assert.equal(await ownTab.getAttribute('href'), `${app.origin}/`);
      assert.equal(await ownTab.getAttribute('target'), '_blank');
      await page.context().close();
    });

    it('in-page, OAuth: "Continue" ends the flow with the same words, the dialog closed and no window left', async () => {
      const { page, frame, app } = await embedded('SameSite=None; Secure; Partitioned', 'same-origin');
      await frame.evaluate(() => document.querySelector('metorial-connect')!.setAttribute('ui-mode', 'iframe'));
      await frame.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
      const continueButton = frame.locator('metorial-connect [part=continue]');
      await continueButton.waitFor();
      const opened = page.context().waitForEvent('page');
      await continueButton.click();
      assert.equal(await strayWindowCloses(page, opened), 1, 'no window is left but the embedder’s page');
      const outcome = frame.locator('#outcome[data-event="failed"]');
      await outcome.waitFor();
      assert.equal(await outcome.textContent(), WORDS);
      assert.equal(await frame.locator('metorial-connect dialog').count(), 0, 'the dialog is gone');
      assert.equal(app.users.length, 1, 'one session was created, for the dialog');
      await page.context().close();
    });
  });
});
