/** In-page mode with an OAuth session: the dialog never frames the setup page (it would take the
 *  frame to the provider, which refuses framing). It offers "Continue to GitHub", whose click
 *  opens the page in a popup; the flow goes on there. A blocked popup is said in words. */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import de from '../../../src/element/locales/de.js';
import sinon from 'sinon';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import { CALLBACK_MESSAGE_TYPE } from '../../../src/shared/protocol.js';
import { buttonText, fakeBackend, nextState, part, recordOutcomes, spyOnWindowOpen } from './helpers.js';
import { dialogOf, frameOf, iframeElement, openDialog } from './iframe-helpers.js';
import { popupShows } from '../support/flow-helpers.js';
import { userClick } from '../support/user-input.js';

describe('<metorial-connect> in-page mode, OAuth session', () => {
  const opened = spyOnWindowOpen();

  it('shows Continue to {provider} and no iframe; its click opens the setup page in a popup, closes the dialog, and connects', async () => {
    const backend = fakeBackend('iframe', 'oauth');
    const el = await fixture<MetorialConnect>(iframeElement(backend));
    const outcomes = recordOutcomes(el);
    const { mode } = await openDialog(el);
    expect(mode).to.equal('iframe');
    expect(opened.spy.called, 'no popup before the click').to.be.false;
    expect(frameOf(el), 'nothing framed').to.be.null;
    const dialog = dialogOf(el);
    expect(dialog.querySelector('h2')!.textContent).to.equal('Connect GitHub');
    const continueButton = part(el, 'continue') as HTMLButtonElement;
    expect(continueButton.textContent).to.equal('Continue to GitHub');
    expect(el.shadowRoot!.activeElement, 'Continue has the focus').to.equal(continueButton);
    await expect(el).to.be.accessible();

    const inPopup = nextState(el, 'waiting');
    await userClick(continueButton);
    expect(opened.spy.calledOnce, 'opened inside the click').to.be.true;
    const session = backend.session;
    await popupShows(opened.spy.firstCall.returnValue!, session.url); // (the full url, only to the popup)
    expect((await inPopup).mode).to.equal('popup');
    expect(dialogOf(el), 'the dialog is gone').to.be.null;

    const connected = oneEvent(el, 'connected');
    backend.complete(session.id);
    const popup = opened.spy.firstCall.returnValue!;
    const state = new URL(session.redirect_url!).searchParams.get('metorial_connect_state');
    window.dispatchEvent(new MessageEvent('message', { data: { type: CALLBACK_MESSAGE_TYPE, state }, origin: location.origin, source: popup }));
    await connected;
    expect(outcomes.map((o) => o.type)).to.deep.equal(['connected']);
  });

  it('a blocked popup: the dialog stays and says so in words; a second click once allowed goes on', async () => {
    const backend = fakeBackend('iframe', 'oauth');
    const el = await fixture<MetorialConnect>(iframeElement(backend));
    await openDialog(el);
    opened.spy.restore();
    const open = sinon.stub(window, 'open').returns(null);
    await userClick(part(el, 'continue'));
    expect(open.calledOnce).to.be.true;
    const dialog = dialogOf(el);
    expect(dialog?.open, 'the dialog stays').to.be.true;
    const alert = dialog.querySelector('[role=alert]')!;
    expect(alert.textContent).to.equal('The popup was blocked. Allow popups for this site and try again.');
    open.restore();
    opened.respy();
    const inPopup = nextState(el, 'waiting');
    await userClick(part(el, 'continue'));
    expect((await inPopup).mode).to.equal('popup');
    el.cancel();
  });

  it('in German: "Weiter zu GitHub", and the blocked popup in German', async () => {
    const backend = fakeBackend('iframe', 'oauth');
    const page = await fixture<HTMLDivElement>(html`<div lang="de">${iframeElement(backend)}</div>`);
    const el = page.querySelector('metorial-connect')!;
    await waitUntil(() => el.hasUpdated && buttonText(el) === 'Verbinden', 'German never loaded');
    await openDialog(el);
    expect((part(el, 'continue') as HTMLButtonElement).textContent).to.equal('Weiter zu GitHub');
    opened.spy.restore();
    const open = sinon.stub(window, 'open').returns(null);
    await userClick(part(el, 'continue'));
    expect(dialogOf(el).querySelector('[role=alert]')!.textContent).to.equal(de.popup_blocked);
    open.restore();
    opened.respy();
    el.cancel();
  });
});
