import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import { fakeBackend, part, recordOutcomes } from './helpers.js';
import { dialogOf, frameOf, iframeElement, openDialog } from './iframe-helpers.js';

describe('<metorial-connect> iframe mode', () => {
  let pageOverflow: string;
  beforeEach(() => {
    pageOverflow = document.documentElement.style.overflow;
    document.documentElement.style.overflow = 'scroll'; // a host's own value, to be restored
  });
  afterEach(() => {
    document.documentElement.style.overflow = pageOverflow;
    sinon.restore();
  });

  it('shows the setup page in a titled, sandboxed iframe in a modal dialog, and connects from it', async () => {
    const open = sinon.spy(window, 'open');
    const backend = fakeBackend('iframe', 'token');
    const el = await fixture<MetorialConnect>(iframeElement(backend));

    const { session, mode } = await openDialog(el);

    expect(mode).to.equal('iframe');
    expect(open.called, 'no popup in iframe mode').to.be.false;
    const dialog = dialogOf(el);
    expect(dialog.open).to.be.true;
    expect(dialog.matches(':modal')).to.be.true;
    expect(dialog.querySelector('h2')!.textContent).to.equal('Connect GitHub');
    expect(dialog.querySelector('button[aria-label=Close]')).to.exist;
    const frame = frameOf(el)!;
    expect(frame.title).to.equal('Connect GitHub');
    expect(frame.src, 'the frame gets the full url').to.equal(backend.sessions.get(session.id)!.url);
    expect(session.url, 'states and events never carry the client secret').to.not.contain('client_secret');
    expect(frame.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(frame.getAttribute('sandbox')!.split(' ').sort()).to.deep.equal(
      ['allow-forms', 'allow-popups', 'allow-popups-to-escape-sandbox', 'allow-same-origin', 'allow-scripts'],
    );
    expect(document.documentElement.style.overflow, 'page scroll locked').to.equal('hidden');
    await oneEvent(frame, 'load');

    const connected = oneEvent(el, 'connected');
    const authConfig = backend.complete(session.id);
    frame.contentWindow!.location.href = session.redirect_url!; // the setup page sends the frame to the callback
    expect((await connected).detail.authConfig).to.deep.equal(authConfig);

    expect(dialog.open).to.be.false;
    expect(dialogOf(el), 'the dialog is gone').to.be.null;
    expect(frameOf(el)).to.be.null;
    expect(document.documentElement.style.overflow, 'page scroll restored').to.equal('scroll');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`is accessible with the dialog open, ${theme} theme`, async () => {
      const el = await fixture<MetorialConnect>(iframeElement(fakeBackend('iframe', 'token'), { theme }));
      await openDialog(el);
      expect(el.shadowRoot!.activeElement?.closest('dialog'), 'focus moved into the dialog').to.exist;
      await expect(el).to.be.accessible();
      el.cancel();
    });
  }

  it('Escape closes the dialog: cancelled, focus back on the button, scroll restored', async () => {
    const el = await fixture<MetorialConnect>(iframeElement(fakeBackend('iframe', 'token')));
    const { session } = await openDialog(el);
    const cancelled = oneEvent(el, 'cancelled');

    await sendKeys({ press: 'Escape' });

    expect((await cancelled).detail).to.deep.equal({ reason: 'cancelled', session });
    expect(dialogOf(el), 'the dialog is gone').to.be.null;
    expect(el.shadowRoot!.activeElement === part(el, 'button'), 'focus on the button').to.be.true;
    expect(document.documentElement.style.overflow).to.equal('scroll');
  });

  it('the Close button ends the flow cancelled', async () => {
    const el = await fixture<MetorialConnect>(iframeElement(fakeBackend('iframe', 'token')));
    await openDialog(el);
    const outcomes = recordOutcomes(el);
    const cancelled = oneEvent(el, 'cancelled');

    dialogOf(el).querySelector<HTMLButtonElement>('button[aria-label=Close]')!.click();

    await cancelled;
    expect(outcomes.map((o) => o.type)).to.deep.equal(['cancelled']);
    expect(dialogOf(el), 'the dialog is gone').to.be.null;
    expect(el.shadowRoot!.activeElement === part(el, 'button'), 'focus on the button').to.be.true;
    expect(document.documentElement.style.overflow).to.equal('scroll');
  });

  it('a setup page that never loads ends in iframe_failed', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const el = await fixture<MetorialConnect>(iframeElement(fakeBackend('iframe', 'token')));
    const failed = oneEvent(el, 'failed');
    await openDialog(el);

    // Still in the same task as the frame's creation: its load event cannot have fired yet.
    clock.tick(20_000);

    expect((await failed).detail.error.code).to.equal('iframe_failed');
    expect(dialogOf(el), 'the dialog is gone').to.be.null;
    expect(document.documentElement.style.overflow).to.equal('scroll');
    clock.restore();
  });

  it('removed mid-flow: the dialog closes, scroll is restored, nothing more is reported', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const el = await fixture<MetorialConnect>(iframeElement(fakeBackend('iframe', 'token')));
    await openDialog(el);
    const outcomes = recordOutcomes(el);
    const dialog = dialogOf(el);

    el.remove();
    await null; // (a move would have put it back by now)

    expect(dialog.open).to.be.false;
    expect(frameOf(el)).to.be.null;
    expect(document.documentElement.style.overflow).to.equal('scroll');
    await clock.runAllAsync();
    expect(outcomes).to.deep.equal([]);
    clock.restore();
  });
});
