/** The element's life on a real page: attributes that arrive late, moves, two dialogs, the
 *  dialog's way out to a popup, and what it says while confirming. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import type { ConnectedEvent } from '../../../src/element/events.js';
import { STATE_PARAM } from '../../../src/shared/protocol.js';
import { CALLBACK_PAGE, backFromRedirect, sendPopupOn, fakeBackend, nextState, part, popupElement, recordOutcomes, spyOnWindowOpen, statusText } from './helpers.js';
import { dialogOf, frameOf, iframeElement, openDialog } from './iframe-helpers.js';
import { popupShows } from '../support/flow-helpers.js';
import { userClick } from '../support/user-input.js';

describe('<metorial-connect> on a live page', () => {
  const opened = spyOnWindowOpen();

  it('resumes a redirect-mode flow when provider-id is set only after the element was attached', async () => {
    const backend = fakeBackend();
    const session = (await backend.createSession({ provider_id: 'pro_github' }, new AbortController().signal)) as { id: string };
    const authConfig = backend.complete(session.id);
    const state = 'late-attributes-state-0123456789';
    const restore = backFromRedirect(session.id, state);
    try {
      // As Angular's [attr.provider-id] does: created and attached first, attributes later.
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = document.createElement('metorial-connect');
      host.append(el);
      await el.updateComplete; // rendered once without a provider
      const connected = oneEvent(el, 'connected') as Promise<ConnectedEvent>;
      el.createSession = backend.createSession;
      el.getSession = backend.getSession;
      el.setAttribute('provider-name', 'GitHub');
      el.setAttribute('provider-id', 'pro_github');

      expect((await connected).detail.authConfig).to.deep.equal(authConfig);
      await el.updateComplete;
      expect(statusText(el)).to.equal('Connected to GitHub');
      expect(new URL(location.href).searchParams.has(STATE_PARAM), 'the state left the address').to.be.false;
    } finally {
      restore();
    }
  });

  it('moved mid-flow (a keyed reorder): the popup stays open and the flow still ends connected', async () => {
    const backend = fakeBackend();
    const list = await fixture<HTMLUListElement>(html`<ul><li>${popupElement(backend)}</li><li id="other"></li></ul>`);
    const el = list.querySelector('metorial-connect')!;
    const outcomes = recordOutcomes(el);
    const waiting = nextState(el, 'waiting');
    await userClick(part(el, 'button'));
    const { session } = await waiting;
    const popup = opened.spy.firstCall.returnValue!;

    list.querySelector('#other')!.append(el); // removed and inserted again in one task
    await el.updateComplete;

    expect(popup.closed, 'the popup is still open').to.be.false;
    await el.updateComplete;
    expect(statusText(el)).to.equal('Waiting for GitHub…');
    const connected = oneEvent(el, 'connected');
    backend.complete(session.id);
    await sendPopupOn(popup, session.redirect_url!);
    await connected;
    expect(outcomes.map((o) => o.type)).to.deep.equal(['connected']);
  });

  it('renders no dialog until the in-page mode opens it, and none after it closed', async () => {
    const el = await fixture<MetorialConnect>(iframeElement(fakeBackend('iframe', 'token')));
    expect(el.shadowRoot!.querySelector('dialog, iframe'), 'idle: button and status only').to.be.null;

    await openDialog(el);
    expect(dialogOf(el).open).to.be.true;
    expect(frameOf(el)).to.exist;

    const cancelled = oneEvent(el, 'cancelled');
    el.cancel();
    await cancelled;
    expect(el.shadowRoot!.querySelector('dialog, iframe')).to.be.null;
  });

  it('two in-page dialogs closed out of order leave the page scrollable (one shared scroll lock)', async () => {
    const before = document.documentElement.style.overflow;
    document.documentElement.style.overflow = 'scroll'; // the host's own value
    try {
      const page = await fixture<HTMLDivElement>(html`<div>${iframeElement(fakeBackend('iframe', 'token'))}${iframeElement(fakeBackend('iframe', 'token'))}</div>`);
      const [a, b] = page.querySelectorAll('metorial-connect');
      await openDialog(a!);
      await openDialog(b!);
      expect(document.documentElement.style.overflow).to.equal('hidden');

      let cancelled = oneEvent(a!, 'cancelled');
      a!.cancel(); // the first one opened closes first
      await cancelled;
      expect(document.documentElement.style.overflow, 'still one dialog open').to.equal('hidden');
      cancelled = oneEvent(b!, 'cancelled');
      b!.cancel();
      await cancelled;
      expect(document.documentElement.style.overflow).to.equal('scroll');
    } finally {
      document.documentElement.style.overflow = before;
    }
  });

  it('"Open in a new window instead" moves the setup page from the dialog into a popup, which can finish', async () => {
    const backend = fakeBackend('iframe', 'token');
    const el = await fixture<MetorialConnect>(iframeElement(backend));
    const { session } = await openDialog(el);
    const popupMode = nextState(el, 'waiting');
    const popOut = part(el, 'pop-out');
    expect(popOut.textContent!.trim()).to.equal('Open in a new window instead');

    await userClick(popOut);

    expect(opened.spy.callCount, 'opened inside the click').to.equal(1);
    await popupShows(opened.spy.firstCall.returnValue!, backend.sessions.get(session.id)!.url);
    expect((await popupMode).mode).to.equal('popup');
    await el.updateComplete;
    expect(dialogOf(el), 'the dialog is gone').to.be.null;
    const connected = oneEvent(el, 'connected');
    backend.complete(session.id);
    await sendPopupOn(opened.spy.firstCall.returnValue!, session.redirect_url!);
    await connected;
  });

  it('says "Confirming…" while the backend confirms what the callback page reported', async () => {
    const backend = fakeBackend();
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let reads = 0;
    // The confirming read takes its time; the first read is it (a callback page is configured, so no polling).
    const getSession = async (id: string, signal: AbortSignal) => (reads++, await answered, backend.getSession(id, signal));
    const el = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" provider-name="GitHub" ui-mode="popup"
      callback-url=${CALLBACK_PAGE} setup-origins=${location.origin} .createSession=${backend.createSession} .getSession=${getSession}></metorial-connect>`);
    const waiting = nextState(el, 'waiting');
    await userClick(part(el, 'button'));
    const { session } = await waiting;
    const confirming = nextState(el, 'confirming');
    backend.complete(session.id);
    await sendPopupOn(opened.spy.firstCall.returnValue!, session.redirect_url!);

    await confirming;
    await el.updateComplete;
    expect(reads).to.equal(1);
    expect(statusText(el)).to.equal('Confirming…');
    expect(part(el, 'button').getAttribute('aria-busy')).to.equal('true');
    const connected = oneEvent(el, 'connected');
    answer();
    await connected;
  });
});
