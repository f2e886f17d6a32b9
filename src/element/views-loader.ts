/**
 * The popup's placeholder and the in-page dialog (views.ts) are loaded on demand, so the
 * element's bundle does not carry them: loading starts when the first element connects, as a
 * rule long before a click needs them.
 */
export type Views = typeof import('./views.js');

/** The module, once loaded. */
export let views: Views | undefined;
let loading: Promise<Views | undefined> | undefined;

/** Starts loading the module, once per page; resolves with it once loaded (undefined when it
 *  failed to load; the next call tries again). */
export function loadViews(): Promise<Views | undefined> {
  return (loading ??= import('./views.js').then(
    (module) => (views = module),
    () => (loading = undefined),
  ));
}
