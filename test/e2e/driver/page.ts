/**
 * What a driven page does the same way in every engine the driver covers, through its main
 * frame: locators, its markup, waiting for a function. Each engine's page adds the rest.
 */
import { poll, type FrameTarget } from './frame.js';
import { Locator } from './locator.js';

export abstract class DriverPage {
  abstract readonly main: FrameTarget;
  protected abstract get timeout(): number;
  abstract evaluate<R, A>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<Awaited<R>>;

  locator(css: string) {
    return new Locator(this.main, [{ css }], () => this.timeout);
  }
  getByRole(role: string, options: { name?: string | RegExp; exact?: boolean } = {}) {
    return new Locator(this.main, [{ role, ...options }], () => this.timeout);
  }
  frameLocator(css: string) {
    return new Locator(this.main, [], () => this.timeout).frameLocator(css);
  }
  content() {
    return this.main.evaluateOn<string>(null, '() => document.documentElement.outerHTML');
  }
  waitForFunction<A>(fn: (arg: A) => unknown, arg?: A) {
    return poll('a function to be true', this.timeout, async () => ((await this.evaluate(fn as (arg: A) => unknown, arg)) ? true : undefined));
  }
}
