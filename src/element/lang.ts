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

/** What is told about `lang` changes (the element itself: no closure per element). */
export interface LangListener extends Element {
  langChanged(): void;
}

const listeners = new Set<LangListener>();
let observer: MutationObserver | undefined;
/** The roots `observer` watches (a thousand elements in one document observe it once). */
let observed = new WeakSet<Node>();

/** Calls `langChanged()` on `listener` whenever a `lang` attribute changes in the document, or
 *  in one of the shadow roots between it and the document, until `unwatchLang`. */
export function watchLang(listener: LangListener): void {
  observer ??= new MutationObserver(() => listeners.forEach((l) => l.langChanged()));
  for (let root = listener.getRootNode(); ; root = (root as ShadowRoot).host.getRootNode()) {
    if (!observed.has(root)) {
      observed.add(root);
      observer.observe(root, { attributeFilter: ['lang'], subtree: true }); // (implies attributes)
    }
    if (!(root instanceof ShadowRoot)) break;
  }
  listeners.add(listener);
}

export function unwatchLang(listener: LangListener): void {
  listeners.delete(listener);
  // No element left to tell: stop watching the page (the next element starts afresh).
  if (!listeners.size) {
    observer?.disconnect();
    observer = undefined;
    observed = new WeakSet();
  }
}
