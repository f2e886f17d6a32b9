/**
 * The demo framed by another site whose page sends `Cross-Origin-Opener-Policy: same-origin`:
 * `window.open` from the frame answers null, yet the browser opens a window cut off from it.
 * The flow opens that window on its callback page, which closes itself; the element ends
 * `popup_blocked_in_frame` with words that say what happened. In every engine: no window is left
 * but the embedding page. (The demo on 127.0.0.1, the embedding page on localhost: another site.
 * test/consumers/cross-site.test.ts runs the same from the tarball, in Chromium as it ships.)
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { poll } from './driver/frame.js';
import { demoForEngine, e2eEngines, engineName, WAIT_MS } from './helpers.js';

const WORDS = 'This page is embedded in a site that blocks its windows. Open it in its own tab.';

for (const engine of e2eEngines()) describe(`the demo in another site’s frame, under its COOP same-origin (${engineName(engine)})`, () => {
  const running = demoForEngine(engine);
  let embedder: Server;
  let embedderUrl = '';

  before(async () => {
    embedder = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cross-origin-opener-policy': 'same-origin' });
      res.end(`<!doctype html><title>Partner portal</title><iframe title="Demo" src="${running().demo.url}/" width="1100" height="700"></iframe>`);
    });
    await new Promise<void>((resolve) => embedder.listen(0, '127.0.0.1', resolve));
    embedderUrl = `http://localhost:${(embedder.address() as AddressInfo).port}/`;
  });
  after(() => embedder?.close());

  it('popup: no window is left behind, and the element says the embedding site blocks its windows', async () => {
    const context = await running().browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    await page.goto(embedderUrl);
    const demo = page.frameLocator('iframe[title="Demo"]');
    const card = demo.locator('article[data-provider-id]').first();
    await card.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();

    const failed = demo.locator('li.log-entry[data-event="failed"]').first();
    await failed.waitFor();
    assert.equal(await failed.getAttribute('data-code'), 'popup_blocked_in_frame');
    const status = card.locator('metorial-connect').locator('[part=status]');
    assert.equal((await status.textContent())?.replace(/\s+/g, ' ').trim(), WORDS);
    // The window the browser opened anyway closed itself (no event says so in every engine: asked).
    await poll('one window left', WAIT_MS, async () => ((await context.pages()).length === 1 ? true : undefined));
    await context.close();
  });
});
