/**
 * The browser API the end-to-end tests are written against: the subset of Playwright's
 * Browser / BrowserContext / Page they use, with the same names. In Chromium it is Playwright
 * itself; in Firefox (puppeteer-core over WebDriver BiDi) and WebKit (WebDriver) it is this
 * folder's implementation of it.
 */
import type { Engine } from '../../../scripts/browsers.js';
import type { Locator } from './locator.js';

export type { Locator };

export interface ConsoleMessage {
  text(): string;
}

export interface Keyboard {
  press(key: 'Enter' | 'Tab' | 'Escape' | string): Promise<void>;
}

export interface Page {
  goto(url: string, options?: { waitUntil?: 'load' | 'commit' }): Promise<unknown>;
  /** The address now (a string in Playwright; awaited, it reads the same everywhere). */
  url(): string | Promise<string>;
  reload(): Promise<unknown>;
  content(): Promise<string>;
  close(): Promise<void>;
  /** Activates the page's window, as a user who comes back to it. */
  bringToFront(): Promise<void>;
  context(): BrowserContext;
  locator(css: string): Locator;
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): Locator;
  frameLocator(css: string): Locator;
  evaluate<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<Awaited<R>>;
  waitForFunction<A = undefined>(fn: (arg: A) => unknown, arg?: A): Promise<unknown>;
  waitForURL(url: string | ((url: URL) => boolean), options?: { waitUntil?: 'load' | 'commit' }): Promise<void>;
  waitForEvent(event: 'popup'): Promise<Page>;
  waitForEvent(event: 'close'): Promise<unknown>;
  waitForEvent(event: 'console', options: { predicate: (message: ConsoleMessage) => boolean }): Promise<ConsoleMessage>;
  keyboard: Keyboard;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  /** The context's open windows (an array in Playwright; awaited, it reads the same everywhere). */
  pages(): Page[] | Promise<Page[]>;
  setDefaultTimeout(ms: number): void;
  waitForEvent(event: 'page'): Promise<Page>;
  on(event: 'page', listener: (page: Page) => void): unknown;
  close(): Promise<void>;
}

export interface Browser {
  /** Which engine this is (not in Playwright's API: set by launchBrowser). */
  engine: Engine;
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}
