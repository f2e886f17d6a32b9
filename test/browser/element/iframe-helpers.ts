/** The iframe mode's test tools: an iframe-mode element and its dialog. */
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import { loadViews } from '../../../src/element/views-loader.js';
import { fakeBackend, nextState, part, popupElement } from './helpers.js';

export const iframeElement = (backend: ReturnType<typeof fakeBackend>, { theme = 'auto' } = {}) =>
  popupElement(backend, { theme, uiMode: 'iframe' });

export const dialogOf = (el: MetorialConnect) => part(el, 'dialog') as HTMLDialogElement;
export const frameOf = (el: MetorialConnect) => el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe[part=frame]');

/** Starts an iframe-mode flow and resolves once the dialog shows the setup page. */
export async function openDialog(el: MetorialConnect) {
  await loadViews(); // (the dialog is loaded on demand: once the browser is idle after the element connects, or on use)
  const waiting = nextState(el, 'waiting');
  part(el, 'button').click(); // (in-page mode opens no window: no user activation needed)
  const state = await waiting;
  await el.updateComplete;
  return state;
}
