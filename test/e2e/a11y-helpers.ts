/**
 * Accessibility checks for the end-to-end tests: axe-core run inside a page (any origin, any
 * Content-Security-Policy: it is evaluated through the driver (CDP or WebDriver BiDi), not a script tag), and
 * where keyboard focus is, through shadow roots.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from './driver/index.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Violations of impact `serious` or `critical` on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const { violations, passed } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: any[]; passes: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return {
      passed: result.passes.length,
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => String(n.target)) })),
    };
  });
  if (!passed) throw new Error('axe checked nothing on this page');
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** What has keyboard focus, looking into open shadow roots: `tag[part]`, `tag[role]` or `tag`,
 *  and the text or label of it. */
export function focused(page: Page): Promise<{ path: string; name: string; inDialog: boolean }> {
  return page.evaluate(`(() => {
    let el = document.activeElement;
    const path = [];
    while (el) {
      path.push(el.localName + (el.getAttribute('part') ? '[part=' + el.getAttribute('part') + ']' : ''));
      if (!el.shadowRoot || !el.shadowRoot.activeElement) break;
      el = el.shadowRoot.activeElement;
    }
    return {
      path: path.join(' > '),
      name: (el && (el.getAttribute('aria-label') || el.textContent) || '').trim(),
      inDialog: !!(el && el.closest('dialog')),
    };
  })()`);
}

/** Presses Tab until `accept` says focus is where it should be; fails after `max` presses. */
export async function tabTo(page: Page, accept: (now: Awaited<ReturnType<typeof focused>>) => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (accept(await focused(page))) return;
  }
  throw new Error(`Tab never reached the target; focus is on ${(await focused(page)).path}`);
}
