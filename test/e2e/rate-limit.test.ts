/**
 * A rate-limited backend, in real windows: the sandbox limits its API key (429
 * `rate_limit_exceeded`, `RateLimit-*` headers, no `Retry-After`, as upstream), the helper passes
 * it on, and the element says so in words and waits. Requests are counted at the sandbox (its
 * request log), never timed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDemo, type DemoHandle } from '../../demo/server.js';
import { assertConnected, firstProvider, launchBrowser, openDemo, waitForLogEntry } from './helpers.js';

/** A demo whose sandbox allows `limit` API requests per `windowSeconds`, and its request log. */
async function limitedDemo(limit: number, windowSeconds: number) {
  const lines: string[] = [];
  const demo = await startDemo({ port: 0, log: (line) => lines.push(line), sandbox: { rateLimit: limit, rateWindowSeconds: windowSeconds } });
  /** The sandbox's answers to session requests, as `METHOD status`. */
  const answers = () =>
    lines.flatMap((line) => {
      const match = /^\[sandbox\] (GET|POST) \/provider-setup-sessions\S* (\d{3}) /.exec(line);
      return match ? [`${match[1]} ${match[2]}`] : [];
    });
  return { demo, answers };
}

describe('rate limited backend', () => {
  let browser: Browser;
  before(async () => (browser = await launchBrowser()));
  after(async () => browser?.close());

  describe('create refused (one request per minute: the page’s catalog read uses it)', () => {
    let limited: Awaited<ReturnType<typeof limitedDemo>>;
    before(async () => (limited = await limitedDemo(1, 60)));
    after(async () => limited?.demo.close());

    it('the element says "Too many attempts… in N s"; Try again before then sends nothing', async () => {
      const page = await openDemo(browser, limited.demo, 'popup');
      const { id, card } = await firstProvider(page);
      const element = card.locator('metorial-connect');
      await element.getByRole('button', { name: 'Connect', exact: true }).click();

      const failed = await waitForLogEntry(page, 'failed', id);
      assert.equal(failed.code, 'rate_limited');
      const words = (await element.locator('[part=status]').textContent())?.trim() ?? '';
      assert.match(words, /^Too many attempts\. Please try again in \d+ s\.$/);
      assert.deepEqual(limited.answers(), ['POST 429'], 'one create, refused');

      const statechanges = () => page.locator(`li.log-entry[data-event="statechange"][data-provider-id="${id}"]`).count();
      const before = await statechanges();
      await element.getByRole('button', { name: 'Try again' }).click();
      // (A flow reports `creating` in the click itself; the demo's log shows it by the next frame.)
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      assert.equal(await statechanges(), before, 'no flow started');
      assert.equal((await element.locator('[part=status]').textContent())?.trim(), words, 'the words stay');
      assert.deepEqual(limited.answers(), ['POST 429'], 'nothing more reached the backend');
      await page.context().close();
    });
  });

  describe('confirmation refused (two requests per 15 s: the catalog read and the create)', () => {
    let limited: Awaited<ReturnType<typeof limitedDemo>>;
    before(async () => (limited = await limitedDemo(2, 15)));
    after(async () => limited?.demo.close());

    it('after the callback, the 429 is waited out: one refused read, then one that connects', async () => {
      const page = await openDemo(browser, limited.demo, 'popup');
      const { id, button } = await firstProvider(page);
      const popupOpened = page.waitForEvent('popup');
      await button.click();
      const popup = await popupOpened;
      await popup.getByRole('button', { name: 'Continue' }).click();
      await popup.getByRole('button', { name: 'Allow' }).click();

      await assertConnected(page, limited.demo, id);
      const reads = limited.answers().filter((answer) => answer.startsWith('GET'));
      // assertConnected read the session itself, after the element connected (the last GET 200).
      assert.deepEqual(reads.slice(0, 2), ['GET 429', 'GET 200'], `one refused read, then no other until the window reset (${reads.join(', ')})`);
      await page.context().close();
    });
  });
});
