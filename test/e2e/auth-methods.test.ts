/**
 * Every mode with every kind of auth method, through real windows against the sandbox (whose
 * hosted page, like upstream's, takes its own window to the provider on the OAuth step, and
 * whose consent page refuses framing):
 *   in-page + OAuth   the dialog frames nothing; "Continue to GitHub" opens a popup
 *   in-page + token   the form in the dialog's frame, completed there through the callback page
 *   popup + token     the form in the popup
 *   popup + OAuth with a field before consent (Zendesk's subdomain)
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import type { DemoHandle } from '../../demo/server.js';
import { assertConnected, demoForSuite, openDemo } from './helpers.js';

const GITHUB = 'pro_0mfkzfzfsjRaTvm3fsHseX';
const SENTRY = 'pro_0mfkzgv1sXQpJzNIBnjjYg';
const ZENDESK = 'pro_0mfkzgzog3vmlM3zUNbn0t';

describe('demo: modes × auth methods end to end', () => {
  const running = demoForSuite();
  let demo: DemoHandle;
  let browser: Browser;
  before(() => ({ demo, browser } = running()));

  const element = (page: Page, providerId: string) => page.locator(`article[data-provider-id="${providerId}"] metorial-connect`);
  const connectButton = (page: Page, providerId: string) => element(page, providerId).getByRole('button', { name: 'Connect', exact: true });

  it('in-page + OAuth: the frame never loads the provider; Continue to GitHub opens the setup page in a popup → connected', async () => {
    const page = await openDemo(browser, demo, 'iframe');
    // Every navigation of any frame of the page (the dialog's iframe included, were there one).
    const framed: string[] = [];
    page.on('framenavigated', (frame: Frame) => frame !== page.mainFrame() && framed.push(frame.url()));

    await connectButton(page, GITHUB).click();
    const continueButton = element(page, GITHUB).locator('[part=continue]');
    await continueButton.waitFor();
    assert.equal((await continueButton.textContent())?.trim(), 'Continue to GitHub');
    const popupOpened = page.waitForEvent('popup');
    await continueButton.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByRole('button', { name: 'Allow' }).click();

    await assertConnected(page, demo, GITHUB);
    const sandboxOrigin = new URL(demo.sandboxUrl!).origin;
    assert.deepEqual(framed.filter((url) => url.startsWith(sandboxOrigin)), [], 'no frame ever loaded the setup page or the provider');
    assert.equal(page.frames().length, 1, 'no frame at all');
    await page.context().close();
  });

  it('in-page + token: the form in the dialog, completed there (the page goes to the callback page in the frame) → connected', async () => {
    const page = await openDemo(browser, demo, 'iframe');
    await connectButton(page, SENTRY).click();
    const frame = element(page, SENTRY).locator('iframe[part=frame]').contentFrame();
    await frame.getByLabel('Auth token').fill('sntrys_0123456789abcdef');
    await frame.getByLabel('Organization slug').fill('acme');
    await frame.getByRole('button', { name: 'Connect' }).click();

    await assertConnected(page, demo, SENTRY);
    await element(page, SENTRY).locator('[part=dialog]').waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('popup + token: the form in the popup; the callback page closes it → connected', async () => {
    const page = await openDemo(browser, demo, 'popup');
    const popupOpened = page.waitForEvent('popup');
    await connectButton(page, SENTRY).click();
    const popup = await popupOpened;
    await popup.getByLabel('Auth token').fill('sntrys_0123456789abcdef');
    await popup.getByLabel('Organization slug').fill('acme');
    const popupClosed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Connect' }).click();

    await assertConnected(page, demo, SENTRY);
    await popupClosed;
    await page.context().close();
  });

  it('popup + OAuth with a field before consent: the subdomain, then the provider, then back → connected', async () => {
    const page = await openDemo(browser, demo, 'popup');
    const popupOpened = page.waitForEvent('popup');
    await connectButton(page, ZENDESK).click();
    const popup = await popupOpened;
    await popup.getByLabel('Zendesk subdomain').fill('acme');
    await popup.getByRole('button', { name: 'Continue' }).click(); // the form
    await popup.getByText('Sign in required').waitFor();
    await popup.getByRole('button', { name: 'Continue' }).click(); // the OAuth step: to the provider
    const popupClosed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();

    await assertConnected(page, demo, ZENDESK);
    await popupClosed;
    await page.context().close();
  });

  it('in-page + OAuth with a field before consent: the field is on the hosted page, so it goes to the popup too → connected', async () => {
    const page = await openDemo(browser, demo, 'iframe');
    await connectButton(page, ZENDESK).click();
    const popupOpened = page.waitForEvent('popup');
    await element(page, ZENDESK).locator('[part=continue]').click();
    const popup = await popupOpened;
    await popup.getByLabel('Zendesk subdomain').fill('acme');
    await popup.getByRole('button', { name: 'Continue' }).click(); // the form
    await popup.getByText('Sign in required').waitFor();
    await popup.getByRole('button', { name: 'Continue' }).click(); // the OAuth step: to the provider
    await popup.getByRole('button', { name: 'Allow' }).click();

    await assertConnected(page, demo, ZENDESK);
    assert.equal(page.frames().length, 1, 'nothing was framed');
    await page.context().close();
  });
});
