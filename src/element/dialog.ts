/**
 * The iframe mode's modal dialog: the setup page in a titled, sandboxed iframe, a close button
 * and "Open in a new window instead". It is in the element's shadow root only while it is open.
 *
 * An OAuth session (the flow gives no url: its page would take the frame to the provider, whose
 * consent page refuses framing) gets no iframe: the dialog offers "Continue to GitHub", a fresh
 * click that opens the page in a popup, where the flow goes on. A blocked popup leaves the
 * dialog open and says so.
 *
 * Loaded on demand (views.ts), so it imports nothing it would share with the element (the
 * bundler would split that into a chunk of its own), Lit included: it is built with DOM APIs,
 * and the element's stylesheet (its shadow root's) styles its buttons.
 */
import type { FrameEvents, FrameHandle } from '../flow/types.js';
import { lockScroll, unlockScroll } from './scroll-lock.js';

export interface DialogOptions {
  /** The setup page; only an http(s) page is loaded, never a javascript: or data: one. Empty:
   *  the page must open in a popup (an OAuth session). */
  url: string;
  /** The element's words (`dialogTitle`, `close`, `popOut`, `continue`), `{provider}` filled in. */
  t(key: 'dialogTitle' | 'close' | 'popOut' | 'continue'): string;
  /** What to say when the browser blocked the popup. */
  blocked: string;
  events: FrameEvents;
  /** The dialog is gone (closed by the flow, or by the user). */
  onClosed(): void;
}

// Not tagged css: this module imports nothing, and its bytes are loaded only on demand.
// Adopted as a constructed stylesheet, not a <style> element: a host page whose CSP has no
// 'unsafe-inline' for styles refuses a <style> element but allows constructed sheets.
const STYLE = `
  dialog {
    display: flex;
    flex-direction: column;
    width: min(30rem, 100vw - 2rem);
    height: min(42rem, 100vh - 2rem);
    padding: 0;
    color: inherit;
    background: inherit;
    border: 0;
    border-radius: var(--metorial-connect-radius, 0.5em);
  }
  dialog::backdrop {
    background: #0009;
  }
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding-block: 0.25em;
    padding-inline: 1em 0.25em;
  }
  h2 {
    margin: 0;
    font-size: 1em;
  }
  header button {
    padding: 0.5em;
    border: 0;
  }
  iframe {
    flex: 1;
    border: 0;
    background: #fff;
  }
  [part='pop-out'] {
    margin: 0.5em;
    align-self: center;
    border: 0;
    text-decoration: underline;
  }
  section {
    flex: 1;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 1em;
    padding: 1em;
    text-align: center;
  }
  [part='continue'] {
    color: var(--metorial-connect-on-accent, light-dark(#fff, #111827));
    background: var(--metorial-connect-accent, light-dark(#4f46e5, #a5b4fc));
  }
  [role='alert'] {
    margin: 0;
    color: var(--metorial-connect-error, light-dark(#b91c1c, #fca5a5));
  }
`;

const SVG = 'http://www.w3.org/2000/svg';

let sheet: CSSStyleSheet | undefined;

/** Adds the dialog's stylesheet to `root` once; made on first use (this runs only in a browser). */
function adoptStyle(root: ShadowRoot): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** An element with attributes and children (text as text, never markup). */
function create<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** The close button's icon: a 16px stroked cross, hidden from assistive technology. */
function crossIcon(): SVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  const path = document.createElementNS(SVG, 'path');
  for (const [name, value] of Object.entries({ viewBox: '0 0 16 16', width: '1em', height: '1em', 'aria-hidden': 'true' }))
    svg.setAttribute(name, value);
  for (const [name, value] of Object.entries({ d: 'M4 4l8 8M12 4l-8 8', fill: 'none', stroke: 'currentColor', 'stroke-width': '2' }))
    path.setAttribute(name, value);
  svg.append(path);
  return svg;
}

/** Shows the dialog, modal, in `root` (before the element's own content, which Lit renders and
 *  would otherwise clear around it), and locks the page's scroll while it is open. */
export function openDialog(
  root: ShadowRoot,
  { url, t, blocked: blockedLabel, events, onClosed }: DialogOptions,
): FrameHandle {
  const title = t('dialogTitle');
  // The frame's sandbox is the least the hosted setup page needs, and it is set before src:
  // - allow-scripts, allow-forms: it is an app that runs scripts and submits forms;
  // - allow-same-origin: it keeps its real origin (its cookies and API calls), and the callback
  //   page on the host's origin posts with an origin the flow can check (not `null`);
  // - allow-popups + allow-popups-to-escape-sandbox: consent pages refuse to be framed, so the
  //   page opens them in a popup, which breaks if it inherits this sandbox.
  // A frame navigates itself without any token; top navigation, modals and downloads stay off,
  // so the setup page can never take the host page away.
  const iframe = create('iframe', {
    part: 'frame',
    title,
    sandbox: 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox',
    referrerpolicy: 'no-referrer',
  });
  if (/^https?:\/\//i.test(url)) iframe.src = url;
  iframe.addEventListener('load', () => events.onLoad());

  const closeButton = create('button', { type: 'button', 'aria-label': t('close') }, crossIcon());
  closeButton.addEventListener('click', () => dismiss());
  const popOut = create('button', { part: 'pop-out', type: 'button' }, t('popOut'));
  popOut.addEventListener('click', () => events.onPopOut());

  // No url: the session goes on in a popup, opened by this click (a fresh user gesture). The
  // button has the focus, so Enter continues. Blocked: the dialog stays, and says why.
  const continueButton = create('button', { part: 'continue', type: 'button', autofocus: '' }, t('continue'));
  const blocked = create('p', { role: 'alert' });
  continueButton.addEventListener('click', () => {
    events.onPopOut();
    if (open) blocked.replaceChildren(blockedLabel); // (the flow closes the dialog once the popup opened)
  });

  const dialog = create(
    'dialog',
    { part: 'dialog', 'aria-labelledby': 'title' },
    create('header', {}, create('h2', { id: 'title' }, title), closeButton),
    ...(url ? [iframe, popOut] : [create('section', {}, continueButton, blocked)]),
  );
  // Escape (or any other native close) dismisses it. A close event that finds the dialog open
  // again is a stale one (the element reopens it after a move).
  dialog.addEventListener('close', () => dialog.open || dismiss());

  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    dialog.close();
    dialog.remove();
    unlockScroll(dialog);
    onClosed();
  };
  const dismiss = () => {
    if (!open) return;
    close();
    events.onDismiss();
  };

  if (!url) queueMicrotask(events.onLoad); // (nothing to load: shown)
  adoptStyle(root);
  root.prepend(dialog);
  try {
    dialog.showModal();
  } catch (error) {
    dialog.remove(); // an element no longer in the document: nothing to show
    throw error;
  }
  lockScroll(dialog); // the page behind must not scroll
  return {
    get window() {
      return iframe.contentWindow;
    },
    close,
  };
}
