/** The script every driver sends to run a locator's function: find the elements, run `fn` on
 *  them, and hand back the result as JSON (so no driver has to deserialize page objects). */
import { RESOLVE_SOURCE, serializeSteps, type Step } from './query.js';

/** A function declaration `(input) => Promise<string>`: input is `{ steps, arg }`. */
export function pageFunction(fn: string): string {
  // (tsx compiles the tests with esbuild's keepNames, which wraps inner functions in __name().)
  return `async function (input) {
    const __name = (fn) => fn;
    const elements = input.steps ? (${RESOLVE_SOURCE})(input.steps) : [];
    const value = await (${fn})(elements, input.arg);
    return JSON.stringify(value === undefined ? null : value);
  }`;
}

export function pageInput(steps: Step[] | null, arg: unknown) {
  return { steps: steps ? serializeSteps(steps) : null, arg: arg === undefined ? null : arg };
}

/** In the page: the centre of the first element, scrolled into view, in this frame's viewport. */
export const CENTRE = `(els) => {
  const el = els[0];
  if (!el) return null;
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const box = el.getBoundingClientRect();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}`;

/** In the parent page: where an iframe's content starts, in the parent's viewport. */
export const CONTENT_ORIGIN = `(els) => {
  const frame = els[0];
  if (!frame) return null;
  const box = frame.getBoundingClientRect();
  const style = getComputedStyle(frame);
  return { x: box.x + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft), y: box.y + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop), src: frame.src };
}`;
