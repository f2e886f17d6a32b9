/**
 * The demo page's own behaviour, beyond the connect flows: the catalog's loading / error /
 * Retry states (the backend's answers intercepted with Playwright's page.route), and the
 * language switch that the <metorial-connect> elements follow.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import type { DemoHandle } from '../../demo/server.js';
import { demoForSuite, WAIT_MS } from './helpers.js';

describe('demo page: catalog loading and the language switch', () => {
  const running = demoForSuite();
  let demo: DemoHandle;
  let browser: Browser;
  before(() => ({ demo, browser } = running()));

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    return context.newPage();
  }

  const cards = (page: Page) => page.locator('article[data-provider-id]');
  const problem = (page: Page) => page.getByRole('alert').filter({ hasText: 'Something is wrong with the demo' });

  it('catalog: a failing catalog is explained with a Retry button; Retry shows loading, then the cards', async () => {
    const page = await newPage();
    let calls = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/providers', async (route: Route) => {
      calls++;
      if (calls === 1) {
        return route.fulfill({ status: 503, json: { error: { code: 'unavailable', message: 'The catalog is resting.' } } });
      }
      await released; // held until the test has seen the loading state
      return route.continue();
    });
    await page.goto(`${demo.url}/`);

    await problem(page).waitFor();
    assert.match((await problem(page).textContent()) ?? '', /could not be loaded: The catalog is resting\./);
    assert.equal(await cards(page).count(), 0);
    await page.getByText('Sandbox', { exact: true }).waitFor(); // the config did load: the page still names its backend

    await problem(page).getByRole('button', { name: 'Retry' }).click();
    await page.locator('[aria-busy="true"]').filter({ hasText: 'Loading integrations' }).waitFor();
    assert.equal(await problem(page).count(), 0, 'the error is gone while retrying');
    release();

    await cards(page).first().locator('metorial-connect').waitFor();
    assert.equal(calls, 2);
    assert.equal(await problem(page).count(), 0);
    await page.context().close();
  });

  it('catalog: an unreachable config is retried, and the catalog follows it', async () => {
    const page = await newPage();
    let configCalls = 0;
    await page.route('**/api/config', (route: Route) => (++configCalls === 1 ? route.abort('connectionrefused') : route.continue()));
    await page.goto(`${demo.url}/`);

    await problem(page).waitFor();
    assert.match((await problem(page).textContent()) ?? '', /not reachable/);
    await problem(page).getByRole('button', { name: 'Retry' }).click();
    await cards(page).first().locator('metorial-connect').waitFor();
    assert.equal(configCalls, 2);
    await page.context().close();
  });

  it('language: the switch sets lang (and dir for Arabic) around every element and in the embed code, and persists', async () => {
    const page = await newPage();
    await page.goto(`${demo.url}/`);
    await cards(page).first().locator('metorial-connect').waitFor();
    const language = page.getByRole('combobox', { name: 'Language' });
    const snippet = async () => (await page.locator('#snippet-code').textContent()) ?? '';
    /** The lang and dir each element inherits from its closest ancestor that sets them. */
    const inherited = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('metorial-connect')].map((el) => ({
          lang: el.closest('[lang]')?.getAttribute('lang'),
          dir: el.closest('[dir]')?.getAttribute('dir') ?? 'ltr',
        })),
      );

    assert.doesNotMatch(await snippet(), /lang=/, 'English is the default and needs no attribute');
    await language.selectOption({ label: 'Deutsch' });
    await page.waitForFunction(() => [...document.querySelectorAll('metorial-connect')].every((el) => el.closest('[lang]')?.getAttribute('lang') === 'de'));
    assert.ok((await inherited()).every(({ dir }) => dir === 'ltr'));
    assert.match(await snippet(), /\n {2}lang="de"\n/);
    assert.doesNotMatch(await snippet(), /dir=/);

    await language.selectOption({ label: 'العربية' });
    await page.waitForFunction(() => [...document.querySelectorAll('metorial-connect')].every((el) => el.closest('[dir]')?.getAttribute('dir') === 'rtl'));
    assert.match(await snippet(), /lang="ar"\n {2}dir="rtl"/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', "the demo's own text stays English");

    await page.reload();
    await cards(page).first().locator('metorial-connect').waitFor();
    assert.equal(await language.inputValue(), 'ar', 'the choice is remembered');
    const afterReload = await inherited();
    assert.ok(afterReload.length > 0 && afterReload.every(({ lang, dir }) => lang === 'ar' && dir === 'rtl'));
    await page.context().close();
  });
});
