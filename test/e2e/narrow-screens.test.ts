/**
 * On a phone (360 CSS px wide, the narrowest common viewport) no page a demo visitor sees scrolls
 * sideways: the demo page in every mode and language (Arabic right to left), its embed code, the
 * callback page, and the sandbox's hosted setup and consent pages.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoHandle } from '../../demo/server.js';
import { demoForSuite, WAIT_MS } from './helpers.js';

const PHONE = { width: 360, height: 740 };

/** The page's width beyond its viewport, and the elements that stick out, for the message. */
async function assertFits(page: Page, what: string): Promise<void> {
  const { overflow, culprits } = await page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
      })
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}">`);
    return { overflow: root.scrollWidth - width, culprits };
  });
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than a ${PHONE.width}px screen; sticking out: ${culprits.join(', ')}`);
}

describe('narrow screens: no page is wider than a 360 px phone', () => {
  const running = demoForSuite();
  let demo: DemoHandle;
  let browser: Browser;
  before(() => ({ demo, browser } = running()));

  async function phonePage(): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE });
    context.setDefaultTimeout(WAIT_MS);
    return context.newPage();
  }

  it('the demo page, in every mode and language, with its embed code shown', async () => {
    const page = await phonePage();
    await page.goto(`${demo.url}/`);
    await page.locator('article[data-provider-id] metorial-connect').first().waitFor();
    await assertFits(page, 'the demo page');

    for (const mode of ['Popup', 'In-page', 'Redirect']) {
      await page.getByRole('radio', { name: mode }).check();
      await assertFits(page, `the demo page in ${mode} mode`);
    }
    const languages = await page.getByRole('combobox', { name: 'Language' }).locator('option').evaluateAll((options) =>
      options.map((option) => (option as HTMLOptionElement).value),
    );
    assert.ok(languages.includes('ar'), 'Arabic (right to left) is among the languages');
    for (const lang of languages) {
      await page.getByRole('combobox', { name: 'Language' }).selectOption(lang);
      await assertFits(page, `the demo page in ${lang}`);
    }
    await page.locator('article[data-provider-id]').first().getByRole('button', { name: /Embed/ }).click();
    await page.locator('#embed').waitFor();
    await assertFits(page, 'the demo page with the embed code');
    await page.context().close();
  });

  it('the callback page, and the hosted setup and consent pages a popup shows', async () => {
    const page = await phonePage();
    await page.goto(`${demo.url}/callback.html`);
    await assertFits(page, 'the callback page');

    // A session created the way the element does (same origin, with its header), opened at phone width.
    await page.goto(`${demo.url}/`);
    const providerId = await page.locator('article[data-provider-id]').first().getAttribute('data-provider-id');
    const url = await page.evaluate(async (provider_id) => {
      const response = await fetch('/api/setup-sessions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Metorial-Connect': '1' },
        body: JSON.stringify({ provider_id }),
      });
      return ((await response.json()) as { url: string }).url;
    }, providerId);
    await page.goto(url);
    await page.getByRole('button', { name: 'Continue' }).waitFor();
    await assertFits(page, 'the hosted setup page');

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Allow' }).waitFor();
    await assertFits(page, 'the demo provider’s consent page');
    await page.context().close();
  });
});
