/**
 * What the popup shows between the click and the setup page: a title, a spinner and
 * "Connecting to GitHub…", in the element's language, direction and theme. The popup is still
 * the same-origin `about:blank`, so it is written with DOM APIs; the provider's name goes in
 * as text, and nothing is loaded from the network (the style is inline).
 */
export interface PlaceholderOptions {
  text: string;
  lang: string;
  dir: string;
  /** `light`, `dark` or `auto` (follows the user's preference). */
  theme: string;
}

const STYLE = `
  :root {
    color-scheme: var(--scheme);
    font: 16px/1.5 system-ui, sans-serif;
  }
  body {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 1em;
    min-height: 100vh;
    margin: 0;
  }
  div {
    width: 2em;
    height: 2em;
    border: 3px solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    div {
      animation: none;
    }
  }
`;

export function writePlaceholder(popup: Window, { text, lang, dir, theme }: PlaceholderOptions): void {
  const doc = popup.document;
  const root = doc.documentElement;
  root.lang = lang;
  root.dir = dir;
  root.style.setProperty('--scheme', theme === 'auto' ? 'light dark' : theme);
  doc.title = text;
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const spinner = doc.createElement('div');
  spinner.setAttribute('aria-hidden', 'true');
  const status = doc.createElement('p');
  status.setAttribute('role', 'status');
  status.textContent = text;
  doc.head.append(style);
  doc.body.replaceChildren(spinner, status);
}
