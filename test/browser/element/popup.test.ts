import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import type { ConnectedEvent } from '../../../src/element/events.js';
import { CALLBACK_PAGE, buttonText, sendPopupOn, fakeBackend, nextState, part, recordOutcomes, statusText, spyOnWindowOpen, popupElement } from './helpers.js';
import { userClick } from '../support/user-input.js';

type Backend = ReturnType<typeof fakeBackend>;

/** Real mouse click in the middle of the element's button (a user gesture). */
async function clickButton(el: MetorialConnect) {
  const box = part(el, 'button').getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

/** The user finishes setup: the service completes the session and sends the popup back to redirect_url. */
async function finishSetup(backend: Backend, popup: Window, sessionId: string) {
  const authConfig = backend.complete(sessionId);
  await sendPopupOn(popup, backend.sessions.get(sessionId)!.redirect_url!);
  return authConfig;
}

describe('<metorial-connect> popup mode', () => {
  const opened = spyOnWindowOpen();

  it('opens the popup inside the click, before asking the backend for a session', async () => {
    const backend = fakeBackend();
    backend.hold();
    const el = await fixture<MetorialConnect>(popupElement(backend));

    await userClick(part(el, 'button'));

    expect(opened.spy.callCount, 'window.open during the click').to.equal(1);
    expect(opened.spy.calledBefore(backend.createSession)).to.be.true;
    const popup = opened.spy.firstCall.returnValue!;
    expect(popup.closed).to.be.false;
    const cancelled = oneEvent(el, 'cancelled');
    el.cancel();
    await cancelled;
    expect(popup.closed).to.be.true;
  });

  it('ends connected with the session and auth config, shown with Reconnect', async () => {
    const backend = fakeBackend();
    const el = await fixture<MetorialConnect>(popupElement(backend));
    const waiting = nextState(el, 'waiting');
    const connected = oneEvent(el, 'connected') as Promise<ConnectedEvent>;
    const outcomes = recordOutcomes(el);

    await userClick(part(el, 'button'));
    const { session, mode } = await waiting;
    expect(mode).to.equal('popup');
    await el.updateComplete;
    expect(part(el, 'button').getAttribute('aria-busy')).to.equal('true');
    expect(statusText(el)).to.equal('Waiting for GitHub…');
    const popup = opened.spy.firstCall.returnValue!;
    const authConfig = await finishSetup(backend, popup, session.id);

    const event = await connected;
    expect(event.bubbles).to.be.true;
    expect(event.composed).to.be.false;
    expect(event.detail.authConfig).to.deep.equal(authConfig);
    expect(event.detail.session).to.include({ id: session.id, status: 'completed' });
    expect(outcomes.map((o) => o.type)).to.deep.equal(['connected']);
    expect(popup.closed).to.be.true;
    await el.updateComplete;
    expect(part(el, 'button').getAttribute('aria-busy')).to.equal('false');
    expect(buttonText(el)).to.equal('Reconnect');
    expect(statusText(el)).to.equal('Connected to GitHub');
    expect(part(el, 'status').querySelector('svg'), 'check mark').to.exist;

    const again = nextState(el, 'creating');
    await userClick(part(el, 'button'));
    await again;
    expect(backend.createSession.callCount, 'Reconnect starts a new flow').to.equal(2);
    el.cancel();
  });

  it('starts one flow for a double click and repeated Enter', async () => {
    const backend = fakeBackend();
    backend.hold();
    const el = await fixture<MetorialConnect>(popupElement(backend));

    await clickButton(el);
    await clickButton(el);
    expect(el.shadowRoot!.activeElement === part(el, 'button'), 'focus on the button').to.be.true;
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Enter' });

    expect(opened.spy.callCount).to.equal(1);
    expect(backend.createSession.callCount).to.equal(1);
    el.cancel();
  });

  it('Cancel ends the flow cancelled, closes the popup and puts focus back on the button', async () => {
    const backend = fakeBackend();
    const el = await fixture<MetorialConnect>(popupElement(backend));
    const waiting = nextState(el, 'waiting');
    await userClick(part(el, 'button'));
    const { session } = await waiting;
    await el.updateComplete;
    const cancelButton = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Cancel');
    expect(cancelButton, 'Cancel button while working').to.exist;
    const cancelled = oneEvent(el, 'cancelled');

    cancelButton!.focus();
    cancelButton!.click();

    const event = await cancelled;
    expect(event.detail).to.deep.equal({ reason: 'cancelled', session });
    expect(opened.spy.firstCall.returnValue!.closed).to.be.true;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement === part(el, 'button'), 'focus on the button').to.be.true;
    expect(buttonText(el)).to.equal('Connect');
    expect(statusText(el)).to.equal('Cancelled');
  });

  it('offers Try again after a blocked popup, and a new click retries', async () => {
    opened.spy.restore();
    const blocked = sinon.stub(window, 'open').returns(null);
    const backend = fakeBackend();
    const el = await fixture<MetorialConnect>(popupElement(backend));
    const failed = oneEvent(el, 'failed');

    await userClick(part(el, 'button'));

    const event = await failed;
    expect(event.detail.error.code).to.equal('popup_blocked');
    expect(backend.createSession.called).to.be.false;
    await el.updateComplete;
    expect(buttonText(el)).to.equal('Try again');
    expect(statusText(el)).to.equal(event.detail.error.message);

    blocked.restore();
    opened.respy();
    const waiting = nextState(el, 'waiting');
    await userClick(part(el, 'button'));
    await waiting;
    expect(opened.spy.callCount).to.equal(1);
    expect(backend.createSession.callCount).to.equal(1);
    el.cancel();
  });

  it('removed mid-flow: closes its popup, aborts the request and reports nothing more', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const backend = fakeBackend();
    backend.hold();
    const el = await fixture<MetorialConnect>(popupElement(backend));
    const outcomes = recordOutcomes(el);
    const states: string[] = [];
    await userClick(part(el, 'button'));
    el.addEventListener('statechange', (e) => states.push(e.detail.state.status));
    const popup = opened.spy.firstCall.returnValue!;

    el.remove();
    await null; // (a move would have put it back by now)

    expect(popup.closed).to.be.true;
    expect(backend.createSession.firstCall.args[1].aborted, 'request aborted').to.be.true;
    backend.release();
    await clock.runAllAsync(); // every timer the flow might have left runs now
    expect(outcomes).to.deep.equal([]);
    expect(states).to.deep.equal([]);
    clock.restore();
  });

  it('two elements on one page never see each other’s outcomes', async () => {
    const github = fakeBackend();
    const slack = fakeBackend();
    const page = await fixture<HTMLElement>(html`<div>${popupElement(github)}${popupElement(slack, { providerId: 'pro_slack', providerName: 'Slack' })}</div>`);
    const [a, b] = page.querySelectorAll('metorial-connect');
    const outcomes = recordOutcomes(page);
    const aWaiting = nextState(a!, 'waiting');
    const bWaiting = nextState(b!, 'waiting');
    await userClick(part(a!, 'button'));
    await userClick(part(b!, 'button'));
    const { session: aSession } = await aWaiting;
    await bWaiting;
    const [aPopup, bPopup] = opened.spy.returnValues;
    expect(aPopup !== bPopup, 'one popup each').to.be.true;

    const aConnected = oneEvent(a!, 'connected');
    await finishSetup(github, aPopup!, aSession.id);
    await aConnected;
    await b!.updateComplete;
    expect(statusText(b!)).to.equal('Waiting for Slack…');

    const bCancelled = oneEvent(b!, 'cancelled');
    b!.cancel();
    await bCancelled;
    expect(outcomes.map(({ type, target }) => [type, (target as Element).getAttribute('provider-id')])).to.deep.equal([
      ['connected', 'pro_github'],
      ['cancelled', 'pro_slack'],
    ]);
  });
});
