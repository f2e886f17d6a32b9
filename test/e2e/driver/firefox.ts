/**
 * Firefox through puppeteer-core over WebDriver BiDi, behind the Playwright-shaped API of
 * types.ts. The profile keeps Firefox's popup blocker on (puppeteer's turns it off), and
 * scripts run with `userActivation: false` (puppeteer's evaluate would give the page user
 * activation, and with it let a popup through that a user's click did not open).
 */
import * as puppeteer from 'puppeteer-core';
import { FIREFOX_PREFS, findBrowser } from '../../../scripts/browsers.js';
import { poll, type FrameTarget } from './frame.js';
import { DriverPage } from './page.js';
import { CENTRE, CONTENT_ORIGIN, pageFunction, pageInput } from './run-in-page.js';
import type { Step } from './query.js';
import type { Browser, BrowserContext, ConsoleMessage, Page } from './types.js';

const DEFAULT_TIMEOUT = 15_000;

/** What puppeteer's BiDi core offers on a realm (not its public API: there, scripts always
 *  run with user activation). */
interface BidiRealm {
  callFunction(declaration: string, awaitPromise: boolean, options: object): Promise<any>;
  evaluate(expression: string, awaitPromise: boolean, options: object): Promise<any>;
}

/** A frame of a page: scripts through BiDi's script.callFunction, without user activation. */
class FirefoxFrame implements FrameTarget {
  constructor(
    private readonly page: FirefoxPage,
    private readonly puppeteerFrame: () => Promise<puppeteer.Frame>,
    private readonly parent?: { frame: FirefoxFrame; steps: Step[] },
  ) {}

  private async realm() {
    const frame = await this.puppeteerFrame();
    return (frame as unknown as { browsingContext: { defaultRealm: BidiRealm } }).browsingContext.defaultRealm;
  }

  /** Runs a script (an expression, or statements such as a library's source); resolves with
   *  its completion value. */
  async evaluateScript<R>(source: string): Promise<R> {
    const result = await (await this.realm()).evaluate(source, true, { userActivation: false, resultOwnership: 'none' });
    if (result.type === 'exception') throw new Error(`In the page: ${result.exceptionDetails?.text ?? 'an exception'}`);
    return fromBidi(result.result) as R;
  }

  async evaluateOn<R>(steps: Step[] | null, fn: string, arg?: unknown): Promise<R> {
    const context = { defaultRealm: await this.realm() };
    const result = await context.defaultRealm.callFunction(pageFunction(fn), true, {
      arguments: [{ type: 'object', value: Object.entries(pageInput(steps, arg)).map(([k, v]) => [k, toBidi(v)]) }],
      userActivation: false,
      resultOwnership: 'none',
    });
    if (result.type === 'exception') throw new Error(`In the page: ${result.exceptionDetails?.text ?? 'an exception'}`);
    return JSON.parse(result.result.value) as R;
  }

  /** Where this frame's (0, 0) is in the top-level viewport. */
  async origin(): Promise<{ x: number; y: number }> {
    if (!this.parent) return { x: 0, y: 0 };
    const [outer, inner] = await Promise.all([this.parent.frame.origin(), this.parent.frame.evaluateOn<{ x: number; y: number }>(this.parent.steps, CONTENT_ORIGIN)]);
    return { x: outer.x + inner.x, y: outer.y + inner.y };
  }

  async click(steps: Step[]): Promise<void> {
    const centre = await this.evaluateOn<{ x: number; y: number } | null>(steps, CENTRE);
    if (!centre) throw new Error(`Nothing to click: ${JSON.stringify(steps)}`);
    const origin = await this.origin();
    await this.page.puppeteer.mouse.click(origin.x + centre.x, origin.y + centre.y);
  }

  frame(steps: Step[]): FrameTarget {
    return new FirefoxFrame(
      this.page,
      async () => {
        const info = await this.evaluateOn<{ src: string } | null>(steps, CONTENT_ORIGIN);
        if (!info) throw new Error(`No iframe at ${JSON.stringify(steps)}`);
        const parent = await this.puppeteerFrame();
        const children = parent.childFrames();
        const origin = new URL(info.src, 'http://x').origin;
        return children.find((child) => child.url().startsWith(origin)) ?? children[0] ?? Promise.reject(new Error('the iframe has no frame yet'));
      },
      { frame: this, steps },
    );
  }
}

/** A BiDi remote value as plain data (what a JSON-like result needs). */
function fromBidi(remote: any): unknown {
  switch (remote?.type) {
    case 'undefined':
    case 'null':
      return remote.type === 'null' ? null : undefined;
    case 'string':
    case 'number':
    case 'boolean':
      return remote.value;
    case 'array':
      return (remote.value ?? []).map(fromBidi);
    case 'object':
      return Object.fromEntries((remote.value ?? []).map(([key, value]: [string, unknown]) => [key, fromBidi(value)]));
    default:
      return undefined;
  }
}

/** BiDi's serialization of a JSON value (script.LocalValue). */
function toBidi(value: unknown): object {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'number') return { type: 'number', value };
  if (typeof value === 'boolean') return { type: 'boolean', value };
  if (Array.isArray(value)) return { type: 'array', value: value.map(toBidi) };
  return { type: 'object', value: Object.entries(value as object).map(([k, v]) => [k, toBidi(v)]) };
}

class FirefoxPage extends DriverPage implements Page {
  readonly main: FirefoxFrame;
  constructor(
    readonly puppeteer: puppeteer.Page,
    private readonly owner: FirefoxContext,
  ) {
    super();
    this.main = new FirefoxFrame(this, async () => puppeteer.mainFrame());
  }
  protected get timeout() {
    return this.owner.timeout;
  }
  keyboard = { press: (key: string) => this.puppeteer.keyboard.press(key as puppeteer.KeyInput) };
  async goto(url: string, { waitUntil = 'load' }: { waitUntil?: 'load' | 'commit' } = {}) {
    await this.puppeteer.goto(url, { waitUntil: waitUntil === 'commit' ? 'domcontentloaded' : 'load', timeout: this.timeout });
  }
  /** The document's own address. puppeteer's can lag behind a navigation the page made itself
   *  (the flow's `location.replace` of its popup): a CI run read about:blank from a popup that
   *  already showed the setup page. So the page is asked; puppeteer's answer only when it cannot be. */
  async url() {
    try {
      return await this.main.evaluateOn<string>(null, '() => location.href');
    } catch {
      return this.puppeteer.url();
    }
  }
  async reload() {
    await this.puppeteer.reload({ timeout: this.timeout });
  }
  async close() {
    if (!this.puppeteer.isClosed()) await this.puppeteer.close();
  }
  context(): BrowserContext {
    return this.owner;
  }
  bringToFront() {
    return this.puppeteer.bringToFront();
  }
  async evaluate<R, A>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<Awaited<R>> {
    if (typeof fn === 'string') return this.main.evaluateScript<Awaited<R>>(fn);
    return this.main.evaluateOn<Awaited<R>>(null, `(els, arg) => (${fn.toString()})(arg)`, arg);
  }
  /** Resolves once the page is at a matching URL. A URL the page rewrites at once (history.
   *  replaceState) is still seen, through the navigation's own entry in its performance timeline. */
  async waitForURL(url: string | ((url: URL) => boolean)) {
    const matches = typeof url === 'string' ? (u: URL) => u.href === url : url;
    await poll('the URL', this.timeout, async () => {
      if (matches(new URL(this.puppeteer.url()))) return true;
      const entry = await this.main.evaluateOn<string | null>(null, `() => performance.getEntriesByType('navigation')[0]?.name ?? null`);
      return entry && matches(new URL(entry)) ? true : undefined;
    });
  }
  waitForEvent(event: 'popup'): Promise<Page>;
  waitForEvent(event: 'close'): Promise<unknown>;
  waitForEvent(event: 'console', options: { predicate: (message: ConsoleMessage) => boolean }): Promise<ConsoleMessage>;
  waitForEvent(event: 'popup' | 'close' | 'console', options?: { predicate: (message: ConsoleMessage) => boolean }): Promise<unknown> {
    return withTimeout(`the page's ${event}`, this.timeout, new Promise((resolve) => {
      if (event === 'popup') this.puppeteer.once('popup', (popup) => resolve(this.owner.wrap(popup!)));
      else if (event === 'close') {
        if (this.puppeteer.isClosed()) resolve(undefined);
        else this.puppeteer.once('close', () => resolve(undefined));
      } else {
        const listener = (message: puppeteer.ConsoleMessage) => {
          if (!options!.predicate(message)) return;
          this.puppeteer.off('console', listener);
          resolve(message);
        };
        this.puppeteer.on('console', listener);
      }
    }));
  }
  /** Console messages, and what Firefox reports as page errors (a CSP refusal is one). */
  on(event: 'console', listener: (message: ConsoleMessage) => void) {
    this.puppeteer.on(event, listener);
    this.puppeteer.on('pageerror', (error) => listener({ text: () => String((error as Error)?.message ?? error) }));
  }
}

function withTimeout<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms))),
  ]);
}

class FirefoxContext implements BrowserContext {
  timeout = DEFAULT_TIMEOUT;
  private readonly wrapped = new Map<puppeteer.Page, FirefoxPage>();
  constructor(private readonly puppeteer: puppeteer.BrowserContext) {}
  wrap(page: puppeteer.Page): FirefoxPage {
    let wrapped = this.wrapped.get(page);
    if (!wrapped) this.wrapped.set(page, (wrapped = new FirefoxPage(page, this)));
    return wrapped;
  }
  async newPage() {
    const page = await this.puppeteer.newPage();
    for (const script of this.initScripts) await page.evaluateOnNewDocument(script);
    return this.wrap(page);
  }
  setDefaultTimeout(ms: number) {
    this.timeout = ms;
  }
  async pages(): Promise<Page[]> {
    return (await this.puppeteer.pages()).map((page) => this.wrap(page));
  }
  waitForEvent(_event: 'page'): Promise<Page> {
    return withTimeout('a new page', this.timeout, new Promise((resolve) => {
      const listener = async (target: puppeteer.Target) => {
        const page = await target.page();
        if (!page) return;
        this.puppeteer.off('targetcreated', listener);
        resolve(this.wrap(page));
      };
      this.puppeteer.on('targetcreated', listener);
    }));
  }
  on(_event: 'page', listener: (page: Page) => void) {
    this.puppeteer.on('targetcreated', async (target) => {
      const page = await target.page();
      if (page) listener(this.wrap(page));
    });
  }
  async close() {
    await this.puppeteer.close();
  }
  private readonly initScripts: string[] = [];
  /** A script that runs in each new page before the page's own (BiDi script.addPreloadScript). */
  async addInitScript(script: string) {
    this.initScripts.push(script);
  }
}

export async function launchFirefox(): Promise<Browser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findBrowser('firefox'),
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  return {
    engine: 'firefox',
    async newContext() {
      return new FirefoxContext(await browser.createBrowserContext());
    },
    close: () => browser.close(),
  };
}
