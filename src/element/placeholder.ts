/**
 * What the popup shows between the click and the setup page: a title, a spinner and
 * "Connecting to GitHub…", in the element's language, direction and theme. The popup is still
 * the same-origin `about:blank`, so it is written with DOM APIs; the provider's name goes in
 * as text, and nothing is loaded from the network (the style is inline).
 */
import { css } from 'lit';
import { SPINNER } from './spinner.js';

export interface PlaceholderOptions {
  text: string;
  lang: string;
  dir: string;
  /** `light`, `dark` or `auto` (follows the user's preference). */
  theme: string;
}

// Tagged with `css` so the build's literal minifier minifies it like the element's own style.
const STYLE = css`
  body {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-height: 100vh;
    margin: 0;
    font: 1rem system-ui, sans-serif;
  }
`;

export function writePlaceholder(popup: Window, { text, lang, dir, theme }: PlaceholderOptions): void {
  const doc = popup.document;
  const root = doc.documentElement;
  root.lang = lang;
  root.dir = dir;
  root.style.colorScheme = theme === 'auto' ? 'light dark' : theme;
  doc.title = text;
  const style = doc.createElement('style');
  style.textContent = SPINNER.cssText + STYLE.cssText;
  doc.head.append(style);
  doc.body.ariaBusy = 'true'; // the page is loading: the element's spinner shows before the text
  doc.body.replaceChildren(text);
}
