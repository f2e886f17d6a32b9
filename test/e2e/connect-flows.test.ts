/**
 * End to end, through real cross-origin windows: the demo page (one port) runs
 * <metorial-connect> against its backend (the host helper), which talks to the sandbox
 * (another port), whose hosted setup page and demo OAuth provider the user clicks through.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { DemoHandle } from '../../demo/server.js';
import { STATE_PARAM } from '../../src/shared/protocol.js';
import {
  assertConnected,
  demoForEngine,
  e2eEngines,
  engineName,
  firstProvider,
  openDemo,
  sandboxSession,
  skipReason,
  terminalEvents,
  waitForLogEntry,
  type Browser,
  type Page,
} from './helpers.js';

for (const engine of e2eEngines()) describe(`demo: connect flows end to end (${engineName(engine)})`, () => {
  const running = demoForEngine(engine);
  let demo: DemoHandle;
  let browser: Browser;
  before(() => ({ demo, browser } = running()));

  // Each test gets a fresh context (its own storage), closed at its end; the browser's
  // close after the suite (demoForSuite) takes any a failed test left behind.
  const demoPage = (mode: Parameters<typeof openDemo>[2]): Promise<Page> => openDemo(browser, demo, mode);

  it('page: the switches set ui-mode and theme on every element and in the embed code, and persist', async () => {
    const page = await demoPage('iframe');
    await page.getByRole('button', { name: 'Dark' }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('metorial-connect')].every((el) => el.getAttribute('theme') === 'dark' && el.getAttribute('ui-mode') === 'iframe'),
    );
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const snippet = (await page.locator('#snippet-code').textContent()) ?? '';
    assert.match(snippet, /ui-mode="iframe"/);
    assert.match(snippet, /theme="dark"/);
    assert.ok(snippet.includes(`callback-url="${demo.url}/callback.html"`), 'the snippet carries the real callback URL');
    assert.equal((await page.content()).includes(demo.sandboxApiKey!), false, 'the page never sees the API key');

    await page.reload();
    await page.locator('article[data-provider-id] metorial-connect[ui-mode="iframe"][theme="dark"]').first().waitFor();
    assert.equal(await page.getByRole('radio', { name: 'In-page' }).isChecked(), true);
    await page.context().close();
  });

  it('page: a failing backend is explained on the page in words', { skip: engine !== 'chromium' && skipReason(engine, "request routing is Playwright's (Chromium); the demo page is the same everywhere") }, async () => {
    const context = await browser.newContext() as unknown as import('playwright-core').BrowserContext;
    const page = await context.newPage();
    // The browser cannot reach the demo's API at all, as when the server has stopped.
    await page.route('**/api/providers', (route) => route.abort('connectionrefused'));
    await page.goto(`${demo.url}/`);
    const problem = page.getByRole('alert').filter({ hasText: 'Something is wrong with the demo' });
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? '', /not reachable/);
    await context.close();
  });

  it('popup: Continue, then Allow at the provider → connected, and the session is completed', async () => {
    const page = await demoPage('popup');
    const { id, button } = await firstProvider(page);

    const popupOpened = page.waitForEvent('popup');
    await button.click();
    const popup = await popupOpened;

    await popup.getByRole('button', { name: 'Continue' }).waitFor();
    assert.equal(new URL(await popup.url()).origin, new URL(demo.sandboxUrl!).origin, 'the setup page is on the other origin');
    await popup.getByRole('button', { name: 'Continue' }).click();
    const popupClosed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();

    await assertConnected(page, demo, id);
    await popupClosed; // the callback page closed the popup
    await page.context().close();
  });

  it('popup, with the demo opened at localhost instead of 127.0.0.1 → connected', async () => {
    const atLocalhost: DemoHandle = { ...demo, url: demo.url.replace('//127.0.0.1:', '//localhost:') };
    assert.notEqual(atLocalhost.url, demo.url);
    const page = await openDemo(browser, atLocalhost, 'popup');
    const { id, button } = await firstProvider(page);
    const setupOrigins = await page.locator('metorial-connect').first().getAttribute('setup-origins');
    assert.equal(setupOrigins, new URL(demo.sandboxUrl!).origin, 'setup-origins names the origin sessions really use');

    const popupOpened = page.waitForEvent('popup');
    await button.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).click();
    const popupClosed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();

    await assertConnected(page, demo, id);
    await popupClosed; // the callback page, on localhost too, closed the popup
    await page.context().close();
  });

  it('popup: Deny at the provider → failed with session_failed', async () => {
    const page = await demoPage('popup');
    const { id, button } = await firstProvider(page);

    const popupOpened = page.waitForEvent('popup');
    await button.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByRole('button', { name: 'Deny' }).click();

    const failed = await waitForLogEntry(page, 'failed', id);
    assert.equal(failed.code, 'session_failed');
    assert.equal((await sandboxSession(demo, failed.sessionId)).status, 'failed');
    // The card and the element both say so, in words.
    const card = page.locator(`article[data-provider-id="${id}"][data-state="failed"]`);
    await card.waitFor();
    const shown = (await card.locator('metorial-connect [part="status"]').textContent())?.trim() ?? '';
    assert.ok(shown.length > 0 && failed.summary.endsWith(shown), `the element shows the failure message (${shown})`);
    assert.deepEqual(await terminalEvents(page), ['failed']);

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.locator('li.log-entry').first().waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('popup: the user closes the popup → cancelled', async () => {
    const page = await demoPage('popup');
    const { id, button } = await firstProvider(page);

    const popupOpened = page.waitForEvent('popup');
    await button.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).waitFor(); // the setup page is showing
    await popup.close();

    // The engine starts its grace for a closed popup once the user is back on the page (it has
    // the focus). Headless Chromium gives every window the focus; headless Firefox never gives
    // it back. So the test brings the page to the front, as the user's return does.
    await page.bringToFront();
    await page.waitForFunction(() => document.hasFocus());
    const cancelled = await waitForLogEntry(page, 'cancelled', id);
    assert.equal(cancelled.code, 'closed');
    assert.equal((await sandboxSession(demo, cancelled.sessionId)).status, 'pending');
    assert.deepEqual(await terminalEvents(page), ['cancelled']);
    await page.context().close();
  });

  it('in-page, OAuth: the dialog frames nothing and offers Continue to GitHub; its popup goes to the consent, Allow → connected', async () => {
    const page = await demoPage('iframe');
    const { id, button } = await firstProvider(page);

    await button.click();
    const element = page.locator(`article[data-provider-id="${id}"] metorial-connect`);
    await element.locator('[part=continue]').waitFor();
    assert.equal(await element.locator('iframe').count(), 0, 'nothing is framed');
    const popupOpened = page.waitForEvent('popup');
    await element.locator('[part=continue]').click();
    const popup = await popupOpened;
    await element.locator('[part=dialog]').waitFor({ state: 'detached' });
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByRole('button', { name: 'Allow' }).click();

    await assertConnected(page, demo, id);
    await page.context().close();
  });

  it('redirect: the tab goes to the provider and comes back → connected, state parameter gone', async () => {
    const page = await demoPage('redirect');
    const { id, button } = await firstProvider(page);

    await button.click();
    await page.waitForURL((url) => url.origin === new URL(demo.sandboxUrl!).origin);
    await page.getByRole('button', { name: 'Continue' }).click();
    // The provider sends the tab back to the demo with the flow's state in the URL …
    const back = page.waitForURL((url) => url.origin === new URL(demo.url).origin && url.searchParams.has(STATE_PARAM), {
      waitUntil: 'commit',
    });
    await page.getByRole('button', { name: 'Allow' }).click();
    await back;

    await assertConnected(page, demo, id);
    // … and once the element has picked the flow up, the state is gone from the address bar.
    assert.equal(new URL(await page.url()).pathname, '/');
    assert.equal(new URL(await page.url()).searchParams.has(STATE_PARAM), false, `${STATE_PARAM} is removed from the address bar`);
    // The mode choice survived the round trip.
    assert.equal(await page.getByRole('radio', { name: 'Redirect' }).isChecked(), true);
    await page.context().close();
  });
});
