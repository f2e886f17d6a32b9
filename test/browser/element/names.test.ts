/** A provider's name appears exactly as given in every string the element shows: `$` patterns
 *  (which a string replacement would rewrite) and `{provider}` stay as they are. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import { fill } from '../../../src/element/messages.js';
import { loadViews } from '../../../src/element/views-loader.js';
import { fakeBackend, nextState, part, popupElement, spyOnWindowOpen, statusText } from './helpers.js';
import { dialogOf } from './iframe-helpers.js';
import { userClick } from '../support/user-input.js';

const NAMES = ["Acme $& $' Co", 'Acme $` Co', 'Acme $$ Co', 'Acme {provider} Co', "$1 $<x> $0 {provider}$&"];

describe('provider names', () => {
  const opened = spyOnWindowOpen();

  it('fill() puts the name in exactly as given', () => {
    for (const name of NAMES) expect(fill('Connect {provider} now', name)).to.equal(`Connect ${name} now`);
  });

  for (const name of NAMES) {
    it(`shows ${JSON.stringify(name)} as given in the status line, the popup placeholder and the connected status`, async () => {
      await loadViews();
      const backend = fakeBackend();
      const el = await fixture<MetorialConnect>(popupElement(backend, { providerName: name }));
      const waiting = nextState(el, 'waiting');
      backend.hold();
      await userClick(part(el, 'button'));
      const popup = opened.spy.firstCall.returnValue!;
      expect(popup.document.title).to.equal(`Connecting to ${name}…`);
      expect(popup.document.body.textContent).to.equal(`Connecting to ${name}…`);
      backend.release();
      await waiting;
      await el.updateComplete;
      expect(statusText(el)).to.equal(`Waiting for ${name}…`);

      const cancelled = oneEvent(el, 'cancelled');
      el.cancel();
      await cancelled;
    });

    it(`shows ${JSON.stringify(name)} as given in the dialog's title`, async () => {
      await loadViews();
      const backend = fakeBackend('iframe');
      const el = await fixture<MetorialConnect>(
        html`<div>${popupElement(backend, { providerName: name, uiMode: 'iframe' })}</div>`,
      ).then((div) => div.querySelector('metorial-connect') as MetorialConnect);
      const waiting = nextState(el, 'waiting');
      await userClick(part(el, 'button'));
      await waiting;
      await el.updateComplete;
      expect(dialogOf(el).querySelector('h2')!.textContent).to.equal(`Connect ${name}`);
      expect(el.shadowRoot!.querySelector('iframe')?.title ?? `Connect ${name}`).to.equal(`Connect ${name}`);
      el.cancel();
    });
  }

  it('shows the name as given once connected', async () => {
    const name = "Acme $& $' $` $$ {provider} Co";
    const backend = fakeBackend();
    const el = await fixture<MetorialConnect>(popupElement(backend, { providerName: name }));
    const waiting = nextState(el, 'waiting');
    await userClick(part(el, 'button'));
    await waiting;
    const connected = oneEvent(el, 'connected');
    backend.complete(backend.session.id);
    opened.spy.firstCall.returnValue!.close(); // the user closes the popup; the last check finds it completed
    await connected;
    await el.updateComplete;
    expect(statusText(el)).to.equal(`Connected to ${name}`);
  });
});
