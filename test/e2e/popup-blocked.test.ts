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
import { e2eEngines, engineName, launchEngine, terminalEvents, waitForLogEntry, WAIT_MS, type Browser, type BrowserContext, type Page } from './helpers.js';

const REPORT_PREFIX = 'e2e:popup-blocked ';

/** Runs in the demo page (as an init script, or through WebDriver's script execution): once
 *  the first element is up, probe the popup blocker with an ungestured `window.open`, then call
 *  `connect()` in the same task. Reports on the console and in `window.popupBlockedReport`. */
function connectWithoutActivation(demoOrigin: string): void {
  if (location.origin !== demoOrigin || location.pathname !== '/' || window.top !== window) return;
  const start = (element: Element) =>
    void customElements.whenDefined('metorial-connect').then(() => {
      const probe = window.open('about:blank', '_blank');
      const blocked = probe === null;
      probe?.close();
      (element as HTMLElement & { connect(): void }).connect();
      const report = JSON.stringify({ providerId: element.getAttribute('provider-id'), blocked });
      (window as unknown as { popupBlockedReport: string }).popupBlockedReport = report;
      console.log(`e2e:popup-blocked ${report}`);
    });
  const present = document.querySelector('metorial-connect');
  if (present) return start(present);
  const observer = new MutationObserver(() => {
    const element = document.querySelector('metorial-connect');
    if (!element) return;
    observer.disconnect();
    start(element);
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
    const context = (await browser.newContext()) as BrowserContext & { addInitScript?(script: string): Promise<void> };
    context.setDefaultTimeout(WAIT_MS);
    let report: Promise<string>;
    let page: Page;
    let popups = 0;
    if (engine !== 'webkit') {
      // (As a script: tsx's esbuild wraps inner functions in __name(), which the page lacks.)
      await context.addInitScript!(`(() => { const __name = (f) => f; (${connectWithoutActivation})(${JSON.stringify(demo.url)}); })()`);
      page = await context.newPage();
      context.on('page', () => popups++);
      const reported = page.waitForEvent('console', { predicate: (message) => message.text().startsWith(REPORT_PREFIX) });
      await page.goto(`${demo.url}/`, { waitUntil: 'commit' });
      report = reported.then((message) => message.text().slice(REPORT_PREFIX.length));
    } else {
      // WebDriver (classic) has neither init scripts nor the console: the same function runs
      // through its script execution once the page is up. That carries no user activation,
      // which the probe below proves (were there any, the probe's window would open).
      page = await context.newPage();
      await page.goto(`${demo.url}/`);
      await page.locator('metorial-connect').first().waitFor();
      const windowsBefore = (await (context as unknown as { handles(): Promise<string[]> }).handles()).length;
      await page.evaluate(connectWithoutActivation, demo.url);
      await page.waitForFunction(() => 'popupBlockedReport' in window);
      report = page.evaluate(() => (window as unknown as { popupBlockedReport: string }).popupBlockedReport);
      const countPopups = async () => (await (context as unknown as { handles(): Promise<string[]> }).handles()).length - windowsBefore;
      popups = await countPopups();
    }
    const { providerId, blocked } = JSON.parse(await report) as { providerId: string; blocked: boolean };
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
