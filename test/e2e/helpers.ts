/**
 * Shared steps of the end-to-end tests: the demo page (one origin) driving the sandbox's
 * hosted pages (another origin) through real windows and frames, in each engine the driver
 * covers (driver/: Playwright's API, in Chromium through Playwright, elsewhere our own).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium, type Browser as PlaywrightBrowser, type LaunchOptions, type Locator as PlaywrightLocator, type Page as PlaywrightPage } from 'playwright-core';
import { startDemo, type DemoHandle } from '../../demo/server.js';
import { CHROMIUM_ARGS, engineLabel, findBrowser, selectedEngines, type Engine } from '../../scripts/browsers.js';
import { E2E_ENGINES, launchBrowser as launchDriver, type Browser, type Locator, type Page } from './driver/index.js';
import type { SetupSession } from '../../src/shared/session.js';

/** Upper bound for any single wait; the flows themselves finish in well under a second,
 *  except the closed-popup one (the engine's grace period of about 2 s). */
export const WAIT_MS = 15_000;

export type { Browser, BrowserContext, Locator, Page } from './driver/index.js';

/** Playwright's Chromium, for the tests that need more of Playwright than the driver has
 *  (request routing, CDP): they run in Chromium only. */
export function launchBrowser(options: LaunchOptions = {}): Promise<PlaywrightBrowser> {
  return chromium.launch({ executablePath: findBrowser('chromium'), args: CHROMIUM_ARGS, ...options });
}

/** `engine` behind the driver's Playwright-shaped API; `options` are Playwright's, for Chromium. */
export function launchEngine(engine: Engine, options: LaunchOptions = {}): Promise<Browser> {
  return launchDriver(engine, options);
}

/** The engines a suite runs in: those selected (BROWSERS, default all) that the driver covers. */
export function e2eEngines(): Engine[] {
  return selectedEngines().filter((engine) => E2E_ENGINES.includes(engine));
}

/** `Chromium`, `Firefox`, … for test titles. */
export const engineName = (engine: Engine) => engineLabel(engine).split(' ')[0]!;

/** Says in the run's output that a test does not run in `engine`, and why. */
export function skipReason(engine: Engine, reason: string): string {
  return `not in ${engineName(engine)}: ${reason}`;
}

export type UiMode = 'popup' | 'iframe' | 'redirect';

/** A page in any engine (the driver's), or Playwright's own (Chromium-only tests). */
type AnyPage = Page | PlaywrightPage;

/** Opens the demo in a fresh context and waits for the gallery. (Given Playwright's browser,
 *  Playwright's page, for the tests that need more of its API; they run in Chromium only.) */
export async function openDemo(browser: PlaywrightBrowser, demo: DemoHandle, mode?: UiMode): Promise<PlaywrightPage>;
export async function openDemo(browser: Browser, demo: DemoHandle, mode?: UiMode): Promise<Page>;
export async function openDemo(anyBrowser: Browser | PlaywrightBrowser, demo: DemoHandle, mode: UiMode = 'popup'): Promise<AnyPage> {
  const browser = anyBrowser as Browser;
  const context = await browser.newContext();
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  await page.goto(`${demo.url}/`);
  await page.locator('article[data-provider-id] metorial-connect').first().waitFor();
  // The mode switch is what a sales engineer clicks; it sets ui-mode on every element.
  await page.getByRole('radio', { name: MODE_LABELS[mode] }).check();
  await page.waitForFunction(
    (m) => [...document.querySelectorAll('metorial-connect')].every((el) => el.getAttribute('ui-mode') === m),
    mode,
  );
  return page;
}

const MODE_LABELS: Record<UiMode, string> = { popup: 'Popup', iframe: 'In-page', redirect: 'Redirect' };

/** The first provider's card (GitHub in the sandbox catalog). */
export async function firstProvider(page: PlaywrightPage): Promise<{ id: string; card: PlaywrightLocator; button: PlaywrightLocator }>;
export async function firstProvider(page: Page): Promise<{ id: string; card: Locator; button: Locator }>;
export async function firstProvider(anyPage: AnyPage): Promise<{ id: string; card: Locator | PlaywrightLocator; button: Locator | PlaywrightLocator }> {
  const page = anyPage as Page;
  const card = page.locator('article[data-provider-id]').first();
  const id = await card.getAttribute('data-provider-id');
  assert.ok(id, 'the card names its provider');
  // The element's button lives in its (open) shadow root; Playwright's locators pierce it.
  return { id, card, button: card.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }) };
}

/** Waits for an event entry in the page's event log and returns what it recorded. */
export async function waitForLogEntry(
  anyPage: AnyPage,
  event: 'statechange' | 'connected' | 'failed' | 'cancelled',
  providerId: string,
): Promise<{ code: string; sessionId: string; summary: string }> {
  const page = anyPage as Page;
  const entry = page.locator(`li.log-entry[data-event="${event}"][data-provider-id="${providerId}"]`).first();
  await entry.waitFor();
  return {
    code: (await entry.getAttribute('data-code')) ?? '',
    sessionId: (await entry.getAttribute('data-session-id')) ?? '',
    summary: (await entry.locator('.log-summary').textContent()) ?? '',
  };
}

/** Every terminal event the log shows, oldest first: a flow must end exactly once. */
export async function terminalEvents(anyPage: AnyPage): Promise<string[]> {
  const page = anyPage as Page;
  return page.locator('li.log-entry').evaluateAll((items) =>
    items
      .map((item) => item.getAttribute('data-event') ?? '')
      .filter((event) => event === 'connected' || event === 'failed' || event === 'cancelled')
      .reverse(),
  );
}

/** Reads a session straight from the sandbox API, with the key only the server holds. */
export async function sandboxSession(demo: DemoHandle, sessionId: string): Promise<SetupSession> {
  assert.ok(demo.sandboxUrl && demo.sandboxApiKey, 'the demo runs on the sandbox');
  assert.match(sessionId, /^pas_/, 'the log recorded the setup session id');
  const response = await fetch(`${demo.sandboxUrl}/provider-setup-sessions/${encodeURIComponent(sessionId)}`, {
    headers: { authorization: `Bearer ${demo.sandboxApiKey}` },
  });
  assert.equal(response.status, 200);
  return (await response.json()) as SetupSession;
}

/** Asserts the page shows the connection and the sandbox agrees that the session completed
 *  with the very auth config the page shows. */
export async function assertConnected(anyPage: AnyPage, demo: DemoHandle, providerId: string): Promise<void> {
  const page = anyPage as Page;
  const entry = await waitForLogEntry(page, 'connected', providerId);
  const card = page.locator(`article[data-provider-id="${providerId}"][data-state="connected"]`);
  await card.waitFor();
  const shownAuthConfigId = (await card.locator('.connection code').first().textContent())?.trim();
  assert.match(shownAuthConfigId ?? '', /^pac_/, 'the card shows the auth config id');
  assert.ok(entry.summary.includes(shownAuthConfigId!), 'the log entry names the same auth config');

  const session = await sandboxSession(demo, entry.sessionId);
  assert.equal(session.status, 'completed');
  assert.equal(session.provider_id, providerId);
  assert.equal(session.auth_config?.id, shownAuthConfigId);
  assert.equal(session.auth_config?.status, 'active');
  assert.deepEqual(await terminalEvents(page), ['connected']);
}

/** The demo and a browser for the calling suite, started before it and closed after it; call
 *  the returned function inside a test (or a later `before`) to get them. */
export function demoForSuite(): () => { demo: DemoHandle; browser: PlaywrightBrowser } {
  let running: { demo: DemoHandle; browser: PlaywrightBrowser } | undefined;
  before(async () => {
    const [demo, browser] = await Promise.all([startDemo({ port: 0, log: false }), launchBrowser()]);
    running = { demo, browser };
  });
  after(async () => {
    await running?.browser.close();
    await running?.demo.close();
  });
  return () => running!;
}

/** As demoForSuite, in `engine`, behind the driver's API. */
export function demoForEngine(engine: Engine): () => { demo: DemoHandle; browser: Browser } {
  let running: { demo: DemoHandle; browser: Browser } | undefined;
  before(async () => {
    const [demo, browser] = await Promise.all([startDemo({ port: 0, log: false }), launchEngine(engine)]);
    running = { demo, browser };
  });
  after(async () => {
    await running?.browser.close();
    await running?.demo.close();
  });
  return () => running!;
}
