/**
 * One browser per engine for the end-to-end tests, behind the same (Playwright-shaped) API:
 * Chromium through Playwright, Firefox through puppeteer-core over WebDriver BiDi, WebKit
 * through WebKitWebDriver (WebDriver classic). Each runs
 * as it ships as far as popups go: the popup blocker on, no user activation from the driver's
 * scripts where the driver lets us choose (see each engine's file).
 */
import { chromium, type LaunchOptions } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser, type Engine } from '../../../scripts/browsers.js';
import { launchFirefox } from './firefox.js';
import { launchWebKit } from './webkit.js';
import type { Browser } from './types.js';

export type * from './types.js';
export { Locator } from './locator.js';

/** The engines the end-to-end driver covers. */
export const E2E_ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

export async function launchBrowser(engine: Engine = 'chromium', options: LaunchOptions = {}): Promise<Browser> {
  if (engine === 'firefox') return launchFirefox();
  if (engine === 'webkit') return launchWebKit();
  const browser = await chromium.launch({ executablePath: findBrowser('chromium'), args: CHROMIUM_ARGS, ...options });
  return Object.assign(browser, { engine: 'chromium' as const }) as unknown as Browser;
}
