/**
 * The popup's placeholder and the in-page dialog (views.ts) are loaded on demand, so the
 * element's bundle does not carry them: loading starts once the browser is idle after the first
 * element connected (not while a page of elements renders), as a rule long before a click needs
 * them. A click that comes first loads them itself (`withViews`).
 */
export type Views = typeof import('./views.js');

/** The module, once loaded. */
let views: Views | undefined;
let loading: Promise<unknown> | undefined;

/** Starts loading the module, once per page; resolves once it is loaded or failed to load (the
 *  next call then tries again). */
export function loadViews(): Promise<unknown> {
  return (loading ??= import('./views.js').then(
    (module) => (views = module),
    () => (loading = undefined),
  ));
}

let preloading = false;

/** Starts loading the module when the browser is idle, once per page. (`requestIdleCallback`
 *  waits at most 2 s; Safari has none, and gets the next task.) */
export function preloadViews(): void {
  if (preloading) return;
  preloading = true;
  const load = () => void loadViews();
  if (typeof requestIdleCallback == 'function') requestIdleCallback(load, { timeout: 2_000 });
  else setTimeout(load);
}

/** Calls `use` with the module: now if it has loaded, else once it has if `stillWanted()` then. */
export function withViews(use: (views: Views) => void, stillWanted: () => boolean): void {
  if (views) use(views);
  // (A late `use` that throws, e.g. a dialog for an element that left the document, is reported,
  // not left as an unhandled rejection.)
  else void loadViews().then(() => views && stillWanted() && use(views)).catch(reportError);
}
