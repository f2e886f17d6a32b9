/**
 * A provider consent page that sends `Cross-Origin-Opener-Policy: same-origin`, as some real
 * OAuth providers do: the opener then sees the popup as closed while it is still open, and the
 * popup loses `window.opener`. The flow must not cancel, and must still end in `connected`
 * (the callback page falls back to a BroadcastChannel).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page as PlaywrightPage } from 'playwright-core';
import { startDemo, type DemoHandle } from '../../demo/server.js';
import { assertConnected, e2eEngines, engineName, firstProvider, launchEngine, openDemo, type Browser, type Page } from './helpers.js';

/**
 * A real browser gives the focus to the popup it opens: the page, not focused, then waits for
 * the user to come back before it starts the grace of a popup that reads closed. Each engine
 * is brought to that state its own way, and the test checks the page really lost the focus.
 * - Headless Chromium gives every window the focus (and Playwright tells every page it has
 *   it): the page's own window is minimized, which really takes the focus (a `blur`).
 * - Headless Firefox: the popup is brought to the front (BiDi browsingContext.activate).
 */
async function userMovesToPopup(page: Page, popup: Page, engine: string, beforeOpen: { minimize?: () => Promise<void> }) {
  if (engine === 'chromium') await beforeOpen.minimize!();
  else await popup.bringToFront();
  await page.waitForFunction(() => !document.hasFocus()); // (the user is in the popup)
}

for (const engine of e2eEngines()) describe(`demo: provider consent page with Cross-Origin-Opener-Policy (${engineName(engine)})`, () => {
  let demo: DemoHandle;
  let browser: Browser;

  before(async () => {
    [demo, browser] = await Promise.all([startDemo({ port: 0, log: false, sandbox: { providerCoop: true } }), launchEngine(engine)]);
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('popup: Continue, then Allow on a COOP consent page → connected', async () => {
    const page = await openDemo(browser, demo, 'popup');
    const { id, button } = await firstProvider(page);

    const focus: { minimize?: () => Promise<void> } = {};
    if (engine === 'chromium') {
      const playwrightPage = page as unknown as PlaywrightPage;
      const cdp = await playwrightPage.context().newCDPSession(playwrightPage);
      await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
      const { windowId } = await cdp.send('Browser.getWindowForTarget');
      focus.minimize = async () => void (await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } }));
    }
    const popupOpened = page.waitForEvent('popup');
    await button.click();
    const popup = await popupOpened;
    await userMovesToPopup(page, popup, engine, focus);

    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByRole('button', { name: 'Allow' }).waitFor();
    assert.equal(new URL(await popup.url()).pathname, '/demo-oauth/authorize', 'the consent page is showing');
    // The policy really severed the popup: the consent page has no opener.
    assert.equal(await popup.evaluate(() => window.opener === null), true, 'the COOP consent page has no opener');
    await popup.getByRole('button', { name: 'Allow' }).click();

    await assertConnected(page, demo, id);
    await page.context().close();
  });
});
