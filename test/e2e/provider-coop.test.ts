/**
 * A provider consent page that sends `Cross-Origin-Opener-Policy: same-origin`, as some real
 * OAuth providers do: the opener then sees the popup as closed while it is still open, and the
 * popup loses `window.opener`. The flow must not cancel, and must still end in `connected`
 * (the callback page falls back to a BroadcastChannel).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDemo, type DemoHandle } from '../../demo/server.js';
import { assertConnected, firstProvider, launchBrowser, openDemo } from './helpers.js';

describe('demo: provider consent page with Cross-Origin-Opener-Policy', () => {
  let demo: DemoHandle;
  let browser: Browser;

  before(async () => {
    [demo, browser] = await Promise.all([startDemo({ port: 0, log: false, sandbox: { providerCoop: true } }), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('popup: Continue, then Allow on a COOP consent page → connected', async () => {
    const page = await openDemo(browser, demo, 'popup');
    const { id, button } = await firstProvider(page);

    // A real browser gives the focus to the popup it opens: the page, not focused, then waits
    // for the user to come back before it starts the grace of a popup that reads closed.
    // Headless Chromium gives every window the focus (and Playwright tells every page it has
    // it), which would start the grace at once and make Allow race it. So, once the popup is
    // open, the page's own window is minimized: it really loses the focus (a `blur`).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    const { windowId } = await cdp.send('Browser.getWindowForTarget');
    const popupOpened = page.waitForEvent('popup');
    await button.click();
    const popup = await popupOpened;
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
    await page.waitForFunction(() => !document.hasFocus()); // (the user is in the popup)
    const consentLoaded = popup.waitForResponse(
      (response) => response.request().isNavigationRequest() && response.request().method() === 'GET' && new URL(response.url()).pathname === '/demo-oauth/authorize',
    );
    await popup.getByRole('button', { name: 'Continue' }).click();
    const consent = await consentLoaded;
    assert.equal(await consent.headerValue('cross-origin-opener-policy'), 'same-origin', 'the consent page really sends COOP');
    await popup.getByRole('button', { name: 'Allow' }).click();

    await assertConnected(page, demo, id);
    await page.context().close();
  });
});
