/**
 * Which language an element speaks: the closest `lang` attribute, on the element, an ancestor or
 * the document, across shadow roots to their hosts (as native form controls do). One observer
 * for the whole page watches `lang` attributes and tells the connected elements to look again.
 */

/** The closest `lang` of `node`, or '' when none is set. */
export function langOf(node: Element): string {
  for (let at: Element | undefined = node; at; ) {
    const owner = at.closest('[lang]');
    if (owner) return owner.getAttribute('lang')!;
    at = (at.getRootNode() as ShadowRoot).host;
  }
  return '';
}

type Listener = () => void;
const listeners = new Set<Listener>();
const watched = new WeakSet<Node>();
let observer: MutationObserver | undefined;

/** Calls `listener` whenever a `lang` attribute changes in the document, or in one of the shadow
 *  roots between `node` and the document; returns the function that stops it. */
export function watchLang(node: Element, listener: Listener): () => void {
  observer ??= new MutationObserver(() => listeners.forEach((l) => l()));
  for (let root = node.getRootNode(); ; root = (root as ShadowRoot).host.getRootNode()) {
    const top = root instanceof Document ? root.documentElement : root;
    if (top && !watched.has(top)) {
      watched.add(top);
      observer.observe(top, { attributes: true, attributeFilter: ['lang'], subtree: true });
    }
    if (!(root instanceof ShadowRoot)) break;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
