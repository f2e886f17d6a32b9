/**
 * The callback page closes its popup right after it posts; a backend that still says `pending`
 * then (and catches up a few seconds later) must not turn that self-closed popup into a cancel.
 * Real windows: the headless engine on one origin, the sandbox's hosted pages on another.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, WAIT_MS } from './helpers.js';
import { startLaggingHost, type LaggingHost } from './lagging-host.js';

describe('headless flow: a backend that confirms late', () => {
  let host: LaggingHost;
  let browser: Browser;

  before(async () => {
    [host, browser] = await Promise.all([startLaggingHost({ lagMs: 3000 }), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('popup: the callback page closes the popup while the backend says pending for 3 s → confirming, then connected', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    await page.goto(`${host.url}/`);
    await page.waitForFunction(() => (window as any).ready === true);

    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Connect' }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).click();
    const popupClosed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await popupClosed; // the callback page closed it

    const outcome = await page.evaluate(() => (window as any).flow.done.then((o: any) => ({ status: o.status, code: o.error?.code })));
    assert.deepEqual(outcome, { status: 'connected', code: undefined });
    assert.ok(host.hiddenCompletions > 0, 'the backend really answered pending after the session completed');
    assert.deepEqual(await page.evaluate(() => (window as any).states), ['creating', 'waiting', 'confirming', 'connected']);
    await context.close();
  });
});
