/**
 * Browser consumers of the packed package, built the way each framework builds an app (React 19,
 * React 18, Vue and Svelte with Vite; Angular compiled ahead of time, then Vite), served with a
 * backend that mounts the packed `metorial-connect/server` (pointed at the sandbox), and driven
 * in one Chromium through the real popup: Continue → Allow → a real `connected` event, which the
 * sandbox confirms. Host pages are sent with `Cross-Origin-Opener-Policy: same-origin-allow-popups`;
 * the plain-HTML pages also with a strict Content-Security-Policy (popup, in-page and redirect
 * modes), as the README's "Headers your site needs" says, and once with
 * `Cross-Origin-Opener-Policy: same-origin`, which severs the popup from the page.
 */
import assert from 'node:assert/strict';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page as PlaywrightPage } from 'playwright-core';
import { build } from 'vite';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { WAIT_MS, e2eEngines, engineName, launchEngine, skipReason, type Browser, type Page } from '../e2e/helpers.js';
import { CONSUMERS_DIR, FIXTURES, INSTALLED, assertPacked } from './support.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };
/** Where `metorial-connect/callback.html` resolves for a consumer, through the package's exports. */
const CALLBACK_PAGE = createRequire(`${FIXTURES}/consumer.js`).resolve('metorial-connect/callback.html');

interface Host {
  url: string;
  server: Server;
}

/** The consumer's site: its static files, the package's CDN folder at /vendor/metorial-connect/,
 *  the `./callback.html` export at /connect-callback.html, and the backend route. */
async function startHost(root: string, sandbox: RunningSandbox, headers: (origin: string) => Record<string, string>): Promise<Host> {
  const { createConnectHandler, toNodeListener } = await import(`${INSTALLED}/dist/server/index.js`);
  const api = toNodeListener(createConnectHandler({ apiKey: sandbox.apiKey, upstreamUrl: sandbox.url, basePath: '/api/setup-sessions' }));
  let origin = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path.startsWith('/api/setup-sessions')) return api(req, res);
    const file =
      path === '/connect-callback.html'
        ? CALLBACK_PAGE
        : path === '/callback.js' // the export's page loads ./callback.js beside it
          ? `${INSTALLED}/dist/cdn/callback.js`
          : path.startsWith('/vendor/metorial-connect/')
            ? `${INSTALLED}/dist/cdn/${path.slice('/vendor/metorial-connect/'.length)}`
            : `${root}${path === '/' ? '/index.html' : path}`;
    if (path.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, ...(type.startsWith('text/html') ? headers(origin) : {}) });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: origin, server };
}

/** Builds a fixture with its own vite.config.ts into .consumers/<name>/. */
async function buildFixture(name: string): Promise<string> {
  const outDir = `${CONSUMERS_DIR}/${name}`;
  await build({ root: `${FIXTURES}/${name}`, configFile: `${FIXTURES}/${name}/vite.config.ts`, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

const COOP = { 'cross-origin-opener-policy': 'same-origin-allow-popups' };
/** The query parameter that brings a redirect-mode flow's state back (the README names it). */
const STATE_PARAM = 'metorial_connect_state';

for (const engine of e2eEngines()) describe(`consumers in ${engineName(engine)}: built from the tarball, connected through the real popup`, () => {
  let sandbox: RunningSandbox;
  let browser: Browser;
  /** The framework builds are the same files in every engine, and the COOP test drives
   *  Chromium's window through CDP: they run in Chromium. */
  const chromiumOnly = (why: string) => ({ skip: engine !== 'chromium' && skipReason(engine, why) });
  const hosts: Host[] = [];

  before(async () => {
    assertPacked();
    [sandbox, browser] = await Promise.all([startSandbox({ port: 0, log: false }), launchEngine(engine)]);
  });

  after(async () => {
    await browser?.close();
    for (const host of hosts) host.server.close();
    await sandbox?.close();
  });

  async function host(root: string, headers: (origin: string) => Record<string, string> = () => COOP): Promise<string> {
    const started = await startHost(root, sandbox, headers);
    hosts.push(started);
    return started.url;
  }

  /** Opens the page and collects what the page refuses under its CSP. */
  async function open(url: string): Promise<{ page: Page; violations: string[] }> {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    const violations: string[] = [];
    // The page and every window it opens: a blank popup inherits the page's CSP.
    // (Firefox says "Content-Security-Policy"; WebDriver classic, in WebKit, has no console:
    // there a refused resource shows only in the flow's outcome.)
    const watch = (target: Page) =>
      (target as unknown as { on(event: 'console', listener: (message: { text(): string }) => void): void }).on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
      });
    if (engine !== 'webkit') {
      watch(page);
      context.on('page', watch);
    }
    await page.goto(url);
    return { page, violations };
  }

  /** Waits for the page's #outcome to say connected, and the sandbox to agree. */
  async function assertConnected(page: Page): Promise<void> {
    const outcome = page.locator('#outcome[data-event="connected"]');
    await outcome.waitFor();
    assert.match((await outcome.textContent()) ?? '', /Connected: pac_/);
    const sessionId = await outcome.getAttribute('data-session');
    const response = await fetch(`${sandbox.url}/provider-setup-sessions/${sessionId}`, { headers: { authorization: `Bearer ${sandbox.apiKey}` } });
    assert.equal(((await response.json()) as { status: string }).status, 'completed');
  }

  /** Popup mode, as a user: Connect → Continue → Allow; the callback page closes the popup.
   *  `andThen`: more checks of the connected page before its context closes. */
  async function connectThroughPopup(page: Page, andThen?: () => Promise<void>): Promise<void> {
    const popupOpened = page.waitForEvent('popup');
    await page.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).click();
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await assertConnected(page);
    await closed;
    await andThen?.();
    await page.context().close();
  }

  // Only the page's own files; frames (in-page mode) only from the setup page's origin.
  const strictCsp = (frameOrigin: string) => ({
    ...COOP,
    'content-security-policy': `default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self'; frame-src 'self' ${frameOrigin}; base-uri 'none'; form-action 'none'`,
  });

  it('plain HTML: self-hosted dist/cdn/ files and dist/cdn/callback.html, strict CSP, popup', async () => {
    const url = await host(`${FIXTURES}/html`, () => strictCsp(sandbox.url));
    const { page, violations } = await open(`${url}/`);
    await connectThroughPopup(page);
    assert.deepEqual(violations, [], 'nothing was refused by the CSP');
  });

  it('plain HTML, in-page mode (OAuth: the dialog frames nothing, its Continue opens the popup), strict CSP', async () => {
    const url = await host(`${FIXTURES}/html`, () => strictCsp(sandbox.url));
    const { page, violations } = await open(`${url}/`);
    const element = page.locator('metorial-connect');
    await element.evaluate((el) => el.setAttribute('ui-mode', 'iframe'));
    await element.getByRole('button', { name: 'Connect', exact: true }).click();
    await element.locator('[part=continue]').waitFor();
    assert.equal(await element.locator('iframe').count(), 0, 'nothing is framed');
    const popupOpened = page.waitForEvent('popup');
    await element.locator('[part=continue]').click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByRole('button', { name: 'Allow' }).click();
    await assertConnected(page);
    assert.deepEqual(violations, [], 'nothing was refused by the CSP');
    await page.context().close();
  });

  it('plain HTML with the ./callback.html export as the callback page', async () => {
    const url = await host(`${FIXTURES}/html`);
    const { page } = await open(`${url}/`);
    await page.locator('metorial-connect').evaluate((element) => element.setAttribute('callback-url', '/connect-callback.html'));
    await connectThroughPopup(page);
  });

  it('plain HTML, redirect mode: the tab goes to the setup page and comes back, connected, state parameter removed, strict CSP', async () => {
    const url = await host(`${FIXTURES}/html`, () => strictCsp(sandbox.url));
    const { page, violations } = await open(`${url}/`);
    await page.locator('metorial-connect').evaluate((element) => element.setAttribute('ui-mode', 'redirect'));
    await page.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
    await page.waitForURL((address) => address.origin === sandbox.url);
    await page.getByRole('button', { name: 'Continue' }).click();
    // The provider sends the tab back to this page with the flow's state in its address …
    const back = page.waitForURL((address) => address.origin === url && address.searchParams.has(STATE_PARAM), { waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Allow' }).click();
    await back;
    await assertConnected(page);
    // … which the element removes once it has picked the flow up.
    const address = new URL(await page.url());
    assert.equal(address.pathname, '/');
    assert.equal(address.searchParams.has(STATE_PARAM), false, `${STATE_PARAM} is removed from the address bar`);
    assert.deepEqual(violations, [], 'nothing was refused by the CSP');
    await page.context().close();
  });

  it('plain HTML under Cross-Origin-Opener-Policy: same-origin: the popup reads as closed at once, the flow still ends connected', chromiumOnly('the test holds requests (Playwright routing) and minimizes the window through CDP; e2e provider-coop covers COOP in every engine'), async () => {
    const url = await host(`${FIXTURES}/html`, () => ({ 'cross-origin-opener-policy': 'same-origin' }));
    const { page: driverPage } = await open(`${url}/`);
    const page = driverPage as unknown as PlaywrightPage;
    // The element's states and the page's focus changes, in the order they happen.
    await page.locator('metorial-connect').evaluate((element) => {
      const events: string[] = ((window as unknown as { events: string[] }).events = []);
      element.addEventListener('statechange', (event) => events.push((event as CustomEvent<{ state: { status: string } }>).detail.state.status));
      addEventListener('focus', () => events.push('focus'));
      addEventListener('blur', () => events.push('blur'));
    });
    const events = () => page.evaluate(() => (window as unknown as { events: string[] }).events);
    // A browser gives the focus to the popup it opens, so the user is there and the page does not
    // start the grace period of a popup that reads closed. Headless Chromium gives every window the
    // focus (and Playwright tells every page it has it): instead, once the popup is open, the page's
    // own window is minimized, which really takes the focus from the page (a `blur` event).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    const { windowId } = await cdp.send('Browser.getWindowForTarget');
    // The popup reads closed as soon as it reaches the setup page, so the session is created
    // only once the page has lost the focus: the order does not depend on how fast that is.
    let focusLost!: () => void;
    const unfocused = new Promise<void>((resolve) => (focusLost = resolve));
    let held = 0;
    await page.route('**/api/setup-sessions', async (route) => {
      held++;
      await unfocused;
      await route.continue();
    });
    const popupOpened = page.waitForEvent('popup');
    await page.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupOpened;
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
    await page.waitForFunction(() => !document.hasFocus());
    focusLost();
    await popup.getByRole('button', { name: 'Continue' }).click();
    // The policy really severed the popup from the page: the setup page has no opener, and the
    // page's handle reads closed, a hint the flow takes (`confirming`) before any callback.
    assert.equal(await popup.evaluate(() => window.opener === null), true, 'the setup page has no opener');
    await page.waitForFunction(() => (window as unknown as { events: string[] }).events.includes('confirming'));
    // The callback page, severed too, tells the page on its BroadcastChannel and closes itself.
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await page.waitForFunction(() => /^(connected|failed|cancelled)$/.test((window as unknown as { events: string[] }).events.at(-1) ?? ''));
    const seen = await events();
    assert.deepEqual(
      seen.filter((event) => event !== 'focus' && event !== 'blur'),
      ['creating', 'waiting', 'confirming', 'connected'],
      `the flow went on (${seen.join(' → ')})`,
    );
    // The page had lost the focus before the popup read closed, and did not get it back.
    const fromClick = seen.slice(seen.indexOf('creating'));
    assert.ok(fromClick.includes('blur') && fromClick.indexOf('blur') < fromClick.indexOf('confirming') && !fromClick.includes('focus'), `the page was not focused (${seen.join(' → ')})`);
    assert.equal(held, 1, 'the session was created once the page had lost the focus (the route held it)');
    await assertConnected(driverPage);
    await closed;
    await page.context().close();
  });

  for (const name of ['react19', 'react18', 'vue', 'svelte']) {
    it(`${name} + Vite: builds, renders the element, connected event reaches the app`, chromiumOnly('a framework build is the same files in every engine; the plain-HTML flows cover the engines'), async () => {
      const url = await host(await buildFixture(name));
      const { page } = await open(`${url}/`);
      await connectThroughPopup(page);
    });
  }

  it('Angular, compiled ahead of time (strict templates) + Vite: [metadata] sets the object, (connected) reaches the component', chromiumOnly('a framework build is the same files in every engine; the plain-HTML flows cover the engines'), async () => {
    const url = await host(await buildFixture('angular'));
    const { page } = await open(`${url}/`);
    await connectThroughPopup(page, async () => {
      // The object bound with [metadata] reached the session (an attribute would read "[object Object]").
      assert.equal(await page.locator('#outcome').getAttribute('data-metadata'), JSON.stringify({ userId: 'u_42' }));
    });
  });
});
