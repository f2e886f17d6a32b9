/**
 * Redirect mode with two elements for the same provider (different name and metadata, as an app
 * with one connection per workspace has them), through real full-page navigations: each
 * outcome reaches exactly the element that was clicked; the other one stays idle.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoHandle } from '../../demo/server.js';
import { STATE_PARAM } from '../../src/shared/protocol.js';
import { demoForSuite, WAIT_MS } from './helpers.js';

describe('redirect mode: two elements of one provider (workspaces page)', () => {
  const running = demoForSuite();
  let demo: DemoHandle;
  let browser: Browser;
  before(() => ({ demo, browser } = running()));

  /** Clicks `workspace`'s Connect, allows at the provider, and waits until the page is back. */
  async function connectThere(page: Page, workspace: 'work' | 'personal'): Promise<void> {
    await page.locator(`#${workspace}`).getByRole('button', { name: 'Connect', exact: true }).click();
    await page.waitForURL((url) => url.origin === new URL(demo.sandboxUrl!).origin);
    await page.getByRole('button', { name: 'Continue' }).click();
    const back = page.waitForURL((url) => url.pathname === '/workspaces.html' && url.searchParams.has(STATE_PARAM), { waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Allow' }).click();
    await back;
  }

  /** The outcome events the page listed since it loaded, as `element:event:metadata`. */
  const events = (page: Page) =>
    page.locator('#events li').evaluateAll((items) =>
      items.map((li) => `${(li as HTMLElement).dataset.element}:${(li as HTMLElement).dataset.event}:${(li as HTMLElement).dataset.metadataWorkspace ?? ''}`),
    );

  const statusOf = (page: Page, workspace: string) => page.locator(`#${workspace} [part=status]`);

  it('each element clicked in turn gets its own outcome; the other one stays idle', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    await page.goto(`${demo.url}/workspaces.html?mode=redirect`);
    await page.locator('#personal').getByRole('button', { name: 'Connect', exact: true }).waitFor();

    for (const [clicked, other] of [
      ['personal', 'work'],
      ['work', 'personal'],
    ] as const) {
      await connectThere(page, clicked);
      const entry = page.locator(`#events li[data-element="${clicked}"][data-event="connected"]`);
      await entry.waitFor();
      assert.equal(await entry.getAttribute('data-metadata-workspace'), clicked, 'the auth config is the clicked workspace’s');
      await page.waitForURL((url) => !url.searchParams.has(STATE_PARAM));
      assert.deepEqual(await events(page), [`${clicked}:connected:${clicked}`], 'one outcome, on the clicked element only');
      assert.match((await statusOf(page, clicked).textContent()) ?? '', new RegExp(`Connected to .* \\(${clicked}\\)`));
      assert.equal((await statusOf(page, other).textContent())?.trim(), '', 'the other element says nothing');
      assert.equal(await page.locator(`#${other}`).getByRole('button', { name: 'Connect', exact: true }).isVisible(), true, 'and offers Connect');
      assert.equal(
        await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('metorial-connect:')).length),
        0,
        'the record was consumed',
      );
    }
    await context.close();
  });

  it('a state whose record belongs to no element on the page: every element stays idle and nothing is removed', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    await page.goto(`${demo.url}/workspaces.html?mode=redirect`);
    await page.locator('#work').getByRole('button', { name: 'Connect', exact: true }).waitFor();
    const state = 'A'.repeat(43);
    await page.evaluate(
      (s) => sessionStorage.setItem('metorial-connect:["pro_other",{}]', JSON.stringify({ state: s, sessionId: 'pas_0000000000000000000000', returnUrl: location.href })),
      state,
    );
    await page.goto(`${demo.url}/workspaces.html?mode=redirect&${STATE_PARAM}=${state}`);
    await page.locator('#work').getByRole('button', { name: 'Connect', exact: true }).waitFor();
    await page.evaluate(() => Promise.all([...document.querySelectorAll('metorial-connect')].map((el) => (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete)));
    assert.deepEqual(await events(page), []);
    assert.equal(new URL(page.url()).searchParams.get(STATE_PARAM), state, 'the state stays in the address');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('metorial-connect:["pro_other",{}]') !== null), true, 'the record stays');
    await context.close();
  });
});
