/**
 * WebKit through WebKitGTK's WebDriver server (classic WebDriver over HTTP; MiniBrowser has no
 * BiDi), behind the Playwright-shaped API of types.ts. Each context is a session (its own
 * MiniBrowser), each page a window handle. WebDriver's scripts carry no user activation and its
 * pointer and key actions are real input, so popups behave as for a user. WebDriver has no
 * events: new and closed windows, and URLs, are polled.
 */
import { startWebKitDriver, type WebKitDriver } from '../../support/webkit-driver.js';
import { poll, type FrameTarget } from './frame.js';
import { DriverPage } from './page.js';
import { CENTRE, CONTENT_ORIGIN, pageFunction, pageInput } from './run-in-page.js';
import { RESOLVE_SOURCE, serializeSteps, type Step } from './query.js';
import type { Browser, BrowserContext, ConsoleMessage, Page } from './types.js';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const KEYS: Record<string, string> = { Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C', Space: ' ' };

/** One WebDriver session: its commands, one at a time (they share the current window). */
class Session {
  private queue: Promise<unknown> = Promise.resolve();
  private current: { handle: string; frames: string } | undefined;
  constructor(
    private readonly base: string,
    readonly id: string,
  ) {}

  async command<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? (method === 'POST' ? '{}' : undefined) : JSON.stringify(body),
    });
    const json = (await response.json()) as { value: T & { error?: string; message?: string } };
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }

  /** Runs `work` alone, with `handle` (and the frame path) current. */
  exclusive<T>(handle: string, frames: Step[][], work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const key = JSON.stringify(frames);
      if (this.current?.handle !== handle || this.current.frames !== key) {
        this.current = undefined;
        await this.command('POST', '/window', { handle });
        await this.command('POST', '/frame', { id: null });
        for (const steps of frames) {
          const element = await this.findElement(steps);
          if (!element) throw new Error(`No iframe at ${JSON.stringify(steps)}`);
          await this.command('POST', '/frame', { id: element });
        }
        this.current = { handle, frames: key };
      }
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The element (as a WebDriver reference) the steps find, in the current frame. */
  private async findElement(steps: Step[]): Promise<object | null> {
    const found = await this.command<unknown>('POST', '/execute/sync', {
      script: `return (${RESOLVE_SOURCE})(arguments[0])[0] || null;`,
      args: [serializeSteps(steps)],
    });
    return found && typeof found === 'object' && ELEMENT in found ? found : null;
  }

  /** Runs a page function (run-in-page.ts) in the current frame; resolves with its JSON result. */
  async evaluate<R>(fn: string, steps: Step[] | null, arg: unknown): Promise<R> {
    const script = `const done = arguments[arguments.length - 1];
      (${pageFunction(fn)})(arguments[0]).then((json) => done({ json }), (error) => done({ error: String(error) + ' at ' + (error && error.stack) }));`;
    const result = await this.command<{ json?: string; error?: string }>('POST', '/execute/async', { script, args: [pageInput(steps, arg)] });
    if (result.error) throw new Error(`In the page: ${result.error}`);
    return JSON.parse(result.json!) as R;
  }

  /** Forgets which window is current (after one closed). */
  reset() {
    this.current = undefined;
  }
}

class WebKitFrame implements FrameTarget {
  constructor(
    private readonly page: WebKitPage,
    private readonly path: Step[][] = [],
  ) {}

  evaluateOn<R>(steps: Step[] | null, fn: string, arg?: unknown): Promise<R> {
    return this.page.session.exclusive(this.page.handle, this.path, () => this.page.session.evaluate<R>(fn, steps, arg));
  }

  /** Where this frame's (0, 0) is in the window's viewport. */
  private async origin(): Promise<{ x: number; y: number }> {
    let x = 0;
    let y = 0;
    for (let depth = 0; depth < this.path.length; depth++) {
      const parent = new WebKitFrame(this.page, this.path.slice(0, depth));
      const at = await parent.evaluateOn<{ x: number; y: number } | null>(this.path[depth]!, CONTENT_ORIGIN);
      if (!at) throw new Error('the iframe is gone');
      x += at.x;
      y += at.y;
    }
    return { x, y };
  }

  async click(steps: Step[]): Promise<void> {
    const centre = await this.evaluateOn<{ x: number; y: number } | null>(steps, CENTRE);
    if (!centre) throw new Error(`Nothing to click: ${JSON.stringify(steps)}`);
    const origin = await this.origin();
    const x = Math.round(origin.x + centre.x);
    const y = Math.round(origin.y + centre.y);
    await this.page.session.exclusive(this.page.handle, [], async () => {
      await this.page.session.command('POST', '/actions', {
        actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
          { type: 'pointerMove', duration: 0, x, y, origin: 'viewport' },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ] }],
      });
    });
  }

  frame(steps: Step[]): FrameTarget {
    return new WebKitFrame(this.page, [...this.path, steps]);
  }
}

class WebKitPage extends DriverPage implements Page {
  readonly main: WebKitFrame;
  constructor(
    readonly session: Session,
    readonly handle: string,
    private readonly owner: WebKitContext,
  ) {
    super();
    this.main = new WebKitFrame(this);
  }
  protected get timeout() {
    return this.owner.timeout;
  }
  private top<T>(work: () => Promise<T>) {
    return this.session.exclusive(this.handle, [], work);
  }
  keyboard = {
    press: (key: string) =>
      this.top(async () => {
        const value = KEYS[key] ?? key;
        await this.session.command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }] });
      }),
  };
  async goto(url: string) {
    await this.top(() => this.session.command('POST', '/url', { url }));
  }
  url() {
    return this.top(() => this.session.command<string>('GET', '/url'));
  }
  async reload() {
    await this.top(() => this.session.command('POST', '/refresh'));
  }
  async close() {
    if (!(await this.owner.handles()).includes(this.handle)) return;
    await this.top(() => this.session.command('DELETE', '/window'));
    this.session.reset();
  }
  bringToFront() {
    return this.top(async () => undefined);
  }
  context(): BrowserContext {
    return this.owner;
  }
  async evaluate<R, A>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<Awaited<R>> {
    if (typeof fn === 'string') {
      // A script (an expression, or statements such as a library's source), run as the page's own.
      return this.top(async (): Promise<Awaited<R>> => {
        // (An expression is returned; statements, such as a library's source, just run.)
        const script = fn.trimStart().startsWith('(') ? `return ${fn}` : fn;
        return (await this.session.command<unknown>('POST', '/execute/sync', { script, args: [] })) as Awaited<R>;
      });
    }
    return this.main.evaluateOn<Awaited<R>>(null, `(els, arg) => (${fn.toString()})(arg)`, arg);
  }
  /** WebDriver has no navigation events: a URL the page rewrites at once (history.replaceState)
   *  is still seen through the navigation's own entry in the page's performance timeline. */
  async waitForURL(url: string | ((url: URL) => boolean)) {
    const matches = typeof url === 'string' ? (u: URL) => u.href === url : url;
    await poll('the URL', this.timeout, async () => {
      const seen = await this.main.evaluateOn<string[]>(null, `() => [location.href, performance.getEntriesByType('navigation')[0]?.name].filter(Boolean)`);
      return seen.some((address) => matches(new URL(address))) ? true : undefined;
    });
  }
  waitForEvent(event: 'popup'): Promise<Page>;
  waitForEvent(event: 'close'): Promise<unknown>;
  waitForEvent(event: 'console', options: { predicate: (message: ConsoleMessage) => boolean }): Promise<ConsoleMessage>;
  async waitForEvent(event: 'popup' | 'close' | 'console'): Promise<unknown> {
    if (event === 'popup') return this.owner.waitForEvent('page');
    if (event === 'close') return poll('the window to close', this.timeout, async () => ((await this.owner.handles()).includes(this.handle) ? undefined : true));
    throw new Error('WebDriver (classic) gives no access to the console');
  }
}

class WebKitContext implements BrowserContext {
  timeout = 15_000;
  private readonly wrapped = new Map<string, WebKitPage>();
  private unused: string | undefined;
  constructor(private readonly session: Session, firstHandle: string) {
    this.unused = firstHandle;
  }
  handles() {
    return this.session.command<string[]>('GET', '/window/handles');
  }
  private wrap(handle: string) {
    let page = this.wrapped.get(handle);
    if (!page) this.wrapped.set(handle, (page = new WebKitPage(this.session, handle, this)));
    return page;
  }
  async newPage() {
    if (this.unused) {
      const handle = this.unused;
      this.unused = undefined;
      return this.wrap(handle);
    }
    const { handle } = await this.session.command<{ handle: string }>('POST', '/window/new', { type: 'window' });
    return this.wrap(handle);
  }
  setDefaultTimeout(ms: number) {
    this.timeout = ms;
  }
  async pages(): Promise<Page[]> {
    return (await this.handles()).map((handle) => this.wrap(handle));
  }
  /** A window that was not there when the wait began. */
  async waitForEvent(_event: 'page'): Promise<Page> {
    const known = new Set([...(await this.handles()), ...this.wrapped.keys()]);
    const handle = await poll('a new window', this.timeout, async () => (await this.handles()).find((h) => !known.has(h)));
    return this.wrap(handle);
  }
  on(): never {
    throw new Error('WebDriver (classic) has no window events');
  }
  async close() {
    await this.session.command('DELETE', '').catch(() => undefined);
  }
}

export async function launchWebKit(): Promise<Browser> {
  const driver: WebKitDriver = await startWebKitDriver(['--replace-on-new-session']);
  return {
    engine: 'webkit',
    async newContext() {
      const response = await fetch(`${driver.url}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ capabilities: { alwaysMatch: driver.capabilities } }),
      });
      const { value } = (await response.json()) as { value: { sessionId: string; message?: string } };
      if (!value.sessionId) throw new Error(`WebKitWebDriver: ${value.message}`);
      const session = new Session(driver.url, value.sessionId);
      return new WebKitContext(session, await session.command<string>('GET', '/window'));
    },
    close: () => driver.stop(),
  };
}
