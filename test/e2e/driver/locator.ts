/**
 * The subset of Playwright's Locator API the end-to-end tests use, over any engine's driver:
 * elements are found in the page by one shared script (query.ts), actions wait for them, and
 * clicks are real input from the driver.
 */
import type { FrameTarget } from './frame.js';
import { poll } from './frame.js';
import type { Step } from './query.js';

type RoleOptions = { name?: string | RegExp; exact?: boolean };
type WaitState = 'attached' | 'detached' | 'visible' | 'hidden';

export class Locator {
  constructor(
    private readonly target: FrameTarget,
    private readonly steps: Step[],
    private readonly timeout: () => number,
  ) {}

  private with(step: Step): Locator {
    return new Locator(this.target, [...this.steps, step], this.timeout);
  }

  locator(css: string): Locator {
    return this.with({ css });
  }
  getByRole(role: string, options: RoleOptions = {}): Locator {
    return this.with({ role, ...options });
  }
  getByText(text: string | RegExp, { exact = false }: { exact?: boolean } = {}): Locator {
    // Elements whose own text matches: the innermost ones that contain it.
    return this.with({ css: '*' }).with({ hasText: exact && typeof text === 'string' ? new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : text }).innermost();
  }
  private innermost(): Locator {
    return new InnermostLocator(this.target, this.steps, this.timeout);
  }
  filter({ hasText }: { hasText: string | RegExp }): Locator {
    return this.with({ hasText });
  }
  first(): Locator {
    return this.with({ nth: 0 });
  }
  nth(index: number): Locator {
    return this.with({ nth: index });
  }
  frameLocator(css: string): Locator {
    return new Locator(this.target.frame([...this.steps, { css }, { nth: 0 }]), [], this.timeout);
  }

  /** Runs `fn` on the elements found now. */
  protected run<R>(fn: string, arg?: unknown): Promise<R> {
    return this.target.evaluateOn<R>(this.steps, fn, arg);
  }
  /** Waits until there is an element, then runs `fn(element, arg)`. */
  private async onFirst<R>(what: string, fn: string, arg?: unknown): Promise<R> {
    const found = await poll(what, this.timeout(), async () => {
      const result = await this.run<{ found: boolean; value?: R }>(`async (els, arg) => els.length ? { found: true, value: await (${fn})(els[0], arg) } : { found: false }`, arg);
      return result.found ? { value: result.value as R } : undefined;
    });
    return found.value;
  }

  async waitFor({ state = 'visible', timeout }: { state?: WaitState; timeout?: number } = {}): Promise<void> {
    const check = `(els, state) => {
      const shown = (el) => el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : el.getClientRects().length > 0;
      if (state === 'attached') return els.length > 0;
      if (state === 'detached') return els.length === 0;
      if (state === 'visible') return els.length > 0 && shown(els[0]);
      return els.length === 0 || !shown(els[0]);
    }`;
    await poll(`${this.describe()} to be ${state}`, timeout ?? this.timeout(), async () => ((await this.run<boolean>(check, state)) ? true : undefined));
  }
  async click(): Promise<void> {
    await this.waitFor({ state: 'visible' });
    await this.target.click(this.steps);
  }
  async check(): Promise<void> {
    if (!(await this.isChecked())) await this.click();
  }
  async focus(): Promise<void> {
    await this.onFirst(`${this.describe()} to focus`, `(el) => { if (el === document.body) document.activeElement?.blur?.(); el.focus(); return true; }`);
  }
  count(): Promise<number> {
    return this.run<number>('(els) => els.length');
  }
  getAttribute(name: string): Promise<string | null> {
    return this.onFirst(this.describe(), '(el, name) => el.getAttribute(name)', name);
  }
  textContent(): Promise<string | null> {
    return this.onFirst(this.describe(), '(el) => el.textContent');
  }
  isChecked(): Promise<boolean> {
    return this.onFirst(this.describe(), '(el) => !!el.checked');
  }
  inputValue(): Promise<string> {
    return this.onFirst(this.describe(), '(el) => el.value');
  }
  /** Chooses the option with this label, as Playwright does: the value set, then input and change. */
  async selectOption({ label }: { label: string }): Promise<void> {
    const done = await this.onFirst<boolean>(
      this.describe(),
      `(el, label) => {
        const option = [...el.options].find((o) => o.label === label || o.textContent.trim() === label);
        if (!option) return false;
        el.value = option.value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
        return true;
      }`,
      label,
    );
    if (!done) throw new Error(`${this.describe()} has no option labelled ${label}`);
  }
  evaluate<R, A = undefined>(fn: (element: any, arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>> {
    return this.onFirst(this.describe(), `(el, arg) => (${fn.toString()})(el, arg)`, arg);
  }
  evaluateAll<R>(fn: (elements: any[]) => R): Promise<R> {
    return this.run<R>(`(els) => (${fn.toString()})(els)`);
  }
  describe(): string {
    return `locator ${JSON.stringify(this.steps)}`;
  }
}

/** getByText: of the elements whose text matches, those with no matching element inside. */
class InnermostLocator extends Locator {
  protected override run<R>(fn: string, arg?: unknown): Promise<R> {
    return super.run<R>(`(els, arg) => (${fn})(els.filter((el) => !els.some((other) => other !== el && el.contains(other))), arg)`, arg);
  }
}
