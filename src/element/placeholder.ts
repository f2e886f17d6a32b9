/**
 * What the popup shows between the click and the setup page: a title, a spinner and
 * "Connecting to GitHub…", in the element's language, direction and theme. The popup is still
 * the same-origin `about:blank`, so it is written with DOM APIs; the provider's name goes in
 * as text, and nothing is loaded from the network (the style is a constructed sheet).
 *
 * Loaded on demand (placeholder-loader.ts), and so it imports nothing: a module it shared with
 * the element would be split by the bundler into a chunk of its own. The spinner's style comes
 * from the element, and the page's own style is a plain string (this module's bytes do not
 * weigh on the element's bundle).
 */

export interface PlaceholderOptions {
  text: string;
  lang: string;
  dir: string;
  /** `light`, `dark` or `auto` (follows the user's preference). */
  theme: string;
}

const STYLE = `
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

/** Writes the placeholder into the blank `popup`; `spinner` is the spinner's style (spinner.ts). */
export function writePlaceholder(popup: Window, { text, lang, dir, theme }: PlaceholderOptions, spinner: string): void {
  const doc = popup.document;
  const root = doc.documentElement;
  root.lang = lang;
  root.dir = dir;
  root.style.colorScheme = theme === 'auto' ? 'light dark' : theme;
  doc.title = text;
  // A constructed stylesheet (the popup's own constructor: a sheet is adopted only by its own
  // document), not a <style> element: the blank popup inherits this page's CSP, which may refuse
  // inline <style> but allows constructed sheets.
  const sheet = new (popup as Window & typeof globalThis).CSSStyleSheet();
  sheet.replaceSync(spinner + STYLE);
  doc.adoptedStyleSheets = [sheet];
  doc.body.ariaBusy = 'true'; // the page is loading: the element's spinner shows before the text
  doc.body.replaceChildren(text);
}
