/**
 * Accessibility end to end: axe-core on the sandbox's hosted setup and consent pages, and the
 * whole flow with the keyboard only, in a popup and in the in-page dialog.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { DemoHandle } from '../../demo/server.js';
import { assertConnected, demoForEngine, e2eEngines, engineName, firstProvider, openDemo, waitForLogEntry, type Browser, type Page } from './helpers.js';
import { focused, seriousViolations, tabTo } from './a11y-helpers.js';

for (const engine of e2eEngines()) describe(`accessibility end to end (${engineName(engine)})`, () => {
  const running = demoForEngine(engine);
  let demo: DemoHandle;
  let browser: Browser;
  before(() => ({ demo, browser } = running()));

  /** The first provider's card, and the text of its element's status region. */
  const statusOf = (page: Page, id: string) =>
    page.locator(`article[data-provider-id="${id}"] metorial-connect [role="status"]`);

  it('the hosted setup page and the consent page have no serious or critical axe violations', async () => {
    const page = await openDemo(browser, demo, 'popup');
    const { button } = await firstProvider(page);
    const popupOpened = page.waitForEvent('popup');
    await button.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).waitFor();
    assert.deepEqual(await seriousViolations(popup), [], 'setup page');

    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByRole('button', { name: 'Allow' }).waitFor();
    assert.deepEqual(await seriousViolations(popup), [], 'consent page');
    await page.context().close();
  });

  it('popup, keyboard only: Tab to the button, Enter, Continue and Allow with the keyboard; focus back on the button, the outcome announced', async () => {
    const page = await openDemo(browser, demo, 'popup');
    const { id } = await firstProvider(page);
    const name = (await page.locator(`article[data-provider-id="${id}"] metorial-connect`).getAttribute('provider-name')) ?? id;
    await page.locator('body').focus();

    await tabTo(page, (now) => now.path.endsWith('button[part=button]') && now.name === 'Connect');
    const popupOpened = page.waitForEvent('popup');
    await page.keyboard.press('Enter');
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).waitFor();
    await tabTo(popup, (now) => now.name === 'Continue');
    await popup.keyboard.press('Enter');
    await popup.getByRole('button', { name: 'Allow' }).waitFor();
    await tabTo(popup, (now) => now.name === 'Allow');
    const popupClosed = popup.waitForEvent('close');
    await popup.keyboard.press('Enter');

    await assertConnected(page, demo, id);
    await popupClosed;
    const now = await focused(page);
    assert.match(now.path, /metorial-connect > button\[part=button\]$/, 'focus is back on the element’s button');
    assert.equal(now.name, 'Reconnect');
    assert.equal((await statusOf(page, id).textContent())?.trim(), `Connected to ${name}`, 'the status region says it');
    await page.context().close();
  });

  it('in-page, keyboard only: Enter opens the dialog with focus inside it, Escape closes it with focus back on the button', async () => {
    const page = await openDemo(browser, demo, 'iframe');
    const { id } = await firstProvider(page);
    await page.locator('body').focus();

    await tabTo(page, (now) => now.path.endsWith('button[part=button]') && now.name === 'Connect');
    await page.keyboard.press('Enter');
    // (GitHub's consent cannot be framed: the dialog offers to continue in a popup.)
    await page.locator(`article[data-provider-id="${id}"] metorial-connect [part=dialog]`).waitFor();
    const inside = await focused(page);
    assert.equal(inside.inDialog, true, 'focus moved into the dialog');
    assert.match(inside.name, /^Continue to /, 'on the button that continues');

    await page.keyboard.press('Escape');
    const cancelled = await waitForLogEntry(page, 'cancelled', id);
    assert.equal(cancelled.code, 'cancelled');
    await page.locator(`article[data-provider-id="${id}"] metorial-connect [part=dialog]`).waitFor({ state: 'detached' });
    const now = await focused(page);
    assert.match(now.path, /metorial-connect > button\[part=button\]$/, 'focus is back on the element’s button');
    assert.equal((await statusOf(page, id).textContent())?.trim(), 'Cancelled');
    await page.context().close();
  });
});
