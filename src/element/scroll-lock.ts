/**
 * One scroll lock for the page, shared by every element (as Shoelace does): the page's own
 * `overflow` is saved when the first lock is taken and restored when the last is released,
 * whatever order the dialogs close in.
 */
const lockers = new Set<object>();
let saved = '';

export function lockScroll(owner: object): void {
  const style = document.documentElement.style;
  if (!lockers.size) saved = style.overflow;
  lockers.add(owner);
  style.overflow = 'hidden';
}

export function unlockScroll(owner: object): void {
  if (!lockers.delete(owner) || lockers.size) return;
  document.documentElement.style.overflow = saved;
}
