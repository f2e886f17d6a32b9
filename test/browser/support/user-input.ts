/**
 * Input as a user gives it: a real mouse click from the test runner's driver (CDP, WebDriver
 * BiDi or WebDriver), so the page gets real user activation. The popup blocker is on in every
 * engine the suite runs, and `element.click()` carries no activation: a flow started by it
 * would end in `popup_blocked`.
 */
import { sendMouse } from '@web/test-runner-commands';

/** Clicks the middle of `target` with the mouse (scrolled into view first). */
export async function userClick(target: Element): Promise<void> {
  target.scrollIntoView({ block: 'center', inline: 'center' });
  const box = target.getBoundingClientRect();
  if (!box.width || !box.height) throw new Error(`userClick: <${target.localName}> is not rendered`);
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

/**
 * Runs `start` inside a real click, as a page does from its Connect button: a button is put on
 * the page, clicked with the mouse, and `start` runs in its click handler (so a `window.open`
 * there has the user activation every engine requires). Resolves with what `start` returned.
 */
export async function inClick<T>(start: () => T): Promise<T> {
  const button = document.createElement('button');
  button.textContent = 'Start (test)';
  button.style.cssText = 'position: fixed; top: 0; left: 0; z-index: 2147483647; width: 120px; height: 32px';
  let result: { value: T } | { error: unknown } | undefined;
  button.addEventListener('click', () => {
    try {
      result = { value: start() };
    } catch (error) {
      result = { error };
    }
  }, { once: true });
  document.body.append(button);
  try {
    await userClick(button);
  } finally {
    button.remove();
  }
  if (!result) throw new Error('inClick: the click did not reach the button');
  if ('error' in result) throw result.error;
  return result.value;
}
