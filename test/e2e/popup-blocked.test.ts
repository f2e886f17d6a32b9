/**
 * A popup the browser blocks: each engine's own popup blocker, on as it ships (Playwright
 * turns Chromium's off by default with --disable-popup-blocking, puppeteer's Firefox profile
 * sets dom.disable_open_during_load false; both are undone), blocks a `window.open` that runs
 * without user activation. The flow must end in `failed` / `popup_blocked`, not hang.
 *
 * Every Playwright evaluation (locators included) runs with `userGesture: true`, which gives
 * the page transient activation for a few seconds. So the page calls `connect()` from its own
 * script, before the test has evaluated anything in it, and reports through the console.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDemo, type DemoHandle } from '../../demo/server.js';
import { e2eEngines, engineName, launchEngine, terminalEvents, waitForLogEntry, WAIT_MS, type Browser, type BrowserContext } from './helpers.js';

const REPORT_PREFIX = 'e2e:popup-blocked ';

/** Runs in the demo page (as an init script): once the first element is up, probe the popup
 *  blocker with an ungestured `window.open`, then call `connect()` in the same task. */
function connectWithoutActivation(demoOrigin: string): void {
  if (location.origin !== demoOrigin || location.pathname !== '/' || window.top !== window) return;
  const observer = new MutationObserver(() => {
    const element = document.querySelector('metorial-connect');
    if (!element) return;
    observer.disconnect();
    void customElements.whenDefined('metorial-connect').then(() => {
      const probe = window.open('about:blank', '_blank');
      const blocked = probe === null;
      probe?.close();
      (element as HTMLElement & { connect(): void }).connect();
      console.log(`e2e:popup-blocked ${JSON.stringify({ providerId: element.getAttribute('provider-id'), blocked })}`);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

for (const engine of e2eEngines()) describe(`demo: a blocked popup (${engineName(engine)})`, () => {
  let demo: DemoHandle;
  let browser: Browser;

  before(async () => {
    [demo, browser] = await Promise.all([
      startDemo({ port: 0, log: false }),
      launchEngine(engine, { ignoreDefaultArgs: ['--disable-popup-blocking'] }),
    ]);
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it(`connect() without user activation is blocked by ${engineName(engine)} → failed with popup_blocked`, async () => {
    const context = (await browser.newContext()) as BrowserContext & { addInitScript<A>(fn: (arg: A) => void, arg: A): Promise<void> };
    context.setDefaultTimeout(WAIT_MS);
    await context.addInitScript(connectWithoutActivation, demo.url);
    const page = await context.newPage();
    let popups = 0;
    context.on('page', () => popups++);

    const reported = page.waitForEvent('console', { predicate: (message) => message.text().startsWith(REPORT_PREFIX) });
    await page.goto(`${demo.url}/`, { waitUntil: 'commit' });
    const { providerId, blocked } = JSON.parse((await reported).text().slice(REPORT_PREFIX.length)) as {
      providerId: string;
      blocked: boolean;
    };
    assert.equal(blocked, true, `${engineName(engine)} blocked an ungestured window.open in the same task (its popup blocker is on)`);

    const failed = await waitForLogEntry(page, 'failed', providerId);
    assert.equal(failed.code, 'popup_blocked');
    assert.deepEqual(await terminalEvents(page), ['failed']);
    assert.equal(popups, 0, 'no window was opened');

    // The same button, clicked by the user, does open the popup: only the activation was missing.
    const popupOpened = page.waitForEvent('popup');
    await page.locator(`article[data-provider-id="${providerId}"] metorial-connect`).getByRole('button', { name: 'Try again' }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).waitFor();
    await context.close();
  });
});
