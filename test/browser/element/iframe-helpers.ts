/** The iframe mode's test tools: an iframe-mode element and its dialog. */
import { html } from '@open-wc/testing';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import { CALLBACK_PAGE, fakeBackend, nextState, part } from './helpers.js';

export const iframeElement = (backend: ReturnType<typeof fakeBackend>, { theme = 'auto' } = {}) =>
  html`<metorial-connect
    provider-id="pro_github"
    provider-name="GitHub"
    theme=${theme}
    ui-mode="iframe"
    callback-url=${CALLBACK_PAGE}
    setup-origins=${location.origin}
    .createSession=${backend.createSession}
    .getSession=${backend.getSession}
  ></metorial-connect>`;

export const dialogOf = (el: MetorialConnect) => part(el, 'dialog') as HTMLDialogElement;
export const frameOf = (el: MetorialConnect) => el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe[part=frame]');

/** Starts an iframe-mode flow and resolves once the dialog shows the setup page. */
export async function openDialog(el: MetorialConnect) {
  const waiting = nextState(el, 'waiting');
  part(el, 'button').click();
  const state = await waiting;
  await el.updateComplete;
  return state;
}
