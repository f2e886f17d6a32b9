/**
 * Finding elements the way the end-to-end tests describe them (CSS, ARIA role and accessible
 * name, text), inside the page, through open shadow roots: one script for every engine, so a
 * locator means the same thing in Chromium, Firefox and WebKit.
 */

/** One step of a locator: each narrows the elements the previous step found. */
export type Step =
  | { css: string }
  | { role: string; name?: string | RegExp; exact?: boolean }
  | { hasText: string | RegExp }
  | { nth: number };

/** Steps as JSON (a RegExp travels as its source and flags). */
export function serializeSteps(steps: Step[]): unknown[] {
  const value = (v: string | RegExp | undefined) => (v instanceof RegExp ? { regexp: v.source, flags: v.flags } : v);
  return steps.map((step) =>
    'role' in step ? { ...step, name: value(step.name) } : 'hasText' in step ? { hasText: value(step.hasText) } : step,
  );
}

/**
 * The source of a function `(steps) => Element[]` to run in the page. Written as plain
 * JavaScript in a string: it is sent to the browser, never run in Node.
 */
export const RESOLVE_SOURCE = String.raw`(steps) => {
  const matcher = (v, exact) => {
    if (v === undefined) return () => true;
    if (v && typeof v === 'object') { const re = new RegExp(v.regexp, v.flags); return (s) => re.test(s); }
    const want = String(v).replace(/\s+/g, ' ').trim();
    return exact ? (s) => s === want : (s) => s.toLowerCase().includes(want.toLowerCase());
  };
  const text = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim();
  // Every element under root, through open shadow roots (and slotted content, via the light DOM).
  const all = (root) => {
    const found = [];
    const walk = (node) => {
      for (const child of node.children) {
        found.push(child);
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    };
    if (root.shadowRoot) walk(root.shadowRoot);
    walk(root);
    return found;
  };
  const visible = (el) => {
    if (el.checkVisibility) return el.checkVisibility({ visibilityProperty: true });
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  const ROLES = {
    button: (el) => el.localName === 'button' || (el.localName === 'input' && /^(button|submit|reset)$/.test(el.type)),
    radio: (el) => el.localName === 'input' && el.type === 'radio',
    checkbox: (el) => el.localName === 'input' && el.type === 'checkbox',
    combobox: (el) => el.localName === 'select' && !el.multiple,
    link: (el) => el.localName === 'a' && el.hasAttribute('href'),
    textbox: (el) => el.localName === 'textarea' || (el.localName === 'input' && /^(text|email|search|url|tel)$/.test(el.type || 'text')),
    heading: (el) => /^h[1-6]$/.test(el.localName),
    dialog: (el) => el.localName === 'dialog',
  };
  const roleOf = (el, role) => (el.getAttribute('role') ? el.getAttribute('role').split(' ')[0] === role : !!ROLES[role] && ROLES[role](el));
  const nameOf = (el) => {
    const label = el.getAttribute('aria-label');
    if (label) return label.trim();
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const root = el.getRootNode();
      return by.split(/\s+/).map((id) => root.getElementById ? root.getElementById(id) : document.getElementById(id)).filter(Boolean).map(text).join(' ');
    }
    if (el.labels && el.labels.length) return [...el.labels].map(text).join(' ');
    if (el.localName === 'input' && /^(button|submit|reset)$/.test(el.type)) return el.value;
    // Slotted content counts towards a button's name.
    const slots = el.querySelectorAll('slot');
    if (slots.length) {
      const parts = [];
      const collect = (node) => {
        for (const child of node.childNodes) {
          if (child.localName === 'slot') child.assignedNodes({ flatten: true }).forEach((n) => parts.push(n.textContent || ''));
          else if (child.nodeType === 3) parts.push(child.textContent);
          else if (child.nodeType === 1) collect(child);
        }
      };
      collect(el);
      return parts.join('').replace(/\s+/g, ' ').trim();
    }
    return text(el);
  };
  // 'a b[c="d e"] f' → ['a', 'b[c="d e"]', 'f']: split on spaces outside brackets, quotes and parentheses.
  const splitDescendants = (css) => {
    const parts = [];
    let depth = 0, quote = '', part = '';
    for (const ch of css.trim()) {
      if (quote) { if (ch === quote) quote = ''; part += ch; continue; }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[' || ch === '(') depth++;
      else if (ch === ']' || ch === ')') depth--;
      if (/\s/.test(ch) && depth === 0) { if (part) parts.push(part); part = ''; continue; }
      part += ch;
    }
    if (part) parts.push(part);
    return parts;
  };
  let current = [document];
  for (const step of steps) {
    if ('css' in step) {
      // Each compound selector of a descendant chain is looked for under the previous one's
      // matches, through shadow roots (as Playwright's CSS engine pierces them).
      for (const part of splitDescendants(step.css)) {
        const next = [];
        for (const root of current) for (const el of all(root)) if (el.matches(part) && !next.includes(el)) next.push(el);
        current = next;
      }
    } else if ('role' in step) {
      const name = matcher(step.name, step.exact);
      const next = [];
      for (const root of current) for (const el of all(root)) if (roleOf(el, step.role) && visible(el) && name(nameOf(el)) && !next.includes(el)) next.push(el);
      current = next;
    } else if ('hasText' in step) {
      const has = matcher(step.hasText, false);
      current = current.filter((el) => has(text(el)));
    } else if ('nth' in step) {
      current = current.length > step.nth ? [current[step.nth]] : [];
    }
  }
  return current.filter((el) => el !== document);
}`;
