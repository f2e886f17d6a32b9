import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { CALLBACK_MESSAGE_TYPE } from '../../../src/shared/protocol.js';
import { CALLBACK_PAGE } from '../support/backend.js';
import { COMPLETED, fakeFrameHost, fakePopup, fakeTimers, pendingSession, popupShows, recordingCreate, recorder } from '../support/flow-helpers.js';
import { inClick } from '../support/user-input.js';

describe('flow engine: "Open in a new window instead" (onPopOut)', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  /** An iframe-mode flow in `waiting`; `completed()` makes the backend say completed. */
  async function framedFlow(timing = {}) {
    const frames = fakeFrameHost();
    const created = recordingCreate();
    let completed = false;
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'iframe',
      frameHost: frames.host,
      callbackUrl: CALLBACK_PAGE,
      createSession: created.createSession,
      getSession: async () => pendingSession(created.body(), completed ? COMPLETED : {}),
      onStateChange: rec.onStateChange,
      timing,
    });
    await rec.next('waiting');
    return { frames, rec, flow, state: created.state(), complete: () => (completed = true) };
  }

  it('opens the setup page in a popup synchronously, closes the frame, reports waiting in popup mode, and takes the callback message from the new window', async () => {
    const t = await framedFlow();
    const open = sinon.spy(window, 'open');
    await inClick(() => t.frames.calls[0]!.events.onPopOut());
    expect(open.calledOnce, 'opened inside the click').to.be.true;
    await popupShows(open.firstCall.returnValue!, pendingSession({ provider_id: 'pro_github' }).url); // (the full setup url, secret included, only to the window)
    expect(t.frames.closedCount()).to.equal(1);
    expect(t.flow.state).to.deep.include({ status: 'waiting', mode: 'popup' });
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'waiting']);
    const popup = open.firstCall.returnValue!;
    // The callback page, now in the popup, posts to its opener.
    t.complete();
    window.dispatchEvent(new MessageEvent('message', { data: { type: CALLBACK_MESSAGE_TYPE, state: t.state }, origin: location.origin, source: popup }));
    expect((await t.flow.done).status).to.equal('connected');
    expect(popup.closed, 'the popup is closed at the end').to.be.true;
  });

  it('the popped-out window is watched: closing it is a closed popup (grace, last check, cancelled)', async () => {
    const clock = fakeTimers();
    const t = await framedFlow({ closeGraceMs: 1000 });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    t.frames.calls[0]!.events.onPopOut();
    // The user who closed it is back on this page: the grace starts only once the page has the
    // focus, which a headless or window-manager-less browser may or may not report.
    sinon.stub(document, 'hasFocus').returns(true);
    popup.closed = true;
    await clock.tickAsync(500);
    expect(t.flow.state.status).to.equal('confirming');
    await clock.tickAsync(1000);
    expect(await t.flow.done).to.include({ status: 'cancelled', reason: 'closed' });
  });

  it('a blocked popup leaves the frame and the flow as they were (the frame may still work; Close still cancels)', async () => {
    const clock = fakeTimers();
    const t = await framedFlow({ frameLoadMs: 5000 });
    const open = sinon.stub(window, 'open').returns(null);
    t.frames.calls[0]!.events.onPopOut();
    expect(open.calledOnce).to.be.true;
    expect(t.frames.closedCount(), 'the frame stays').to.equal(0);
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting']);
    // Its load timer still runs: a frame that never loaded still ends in iframe_failed.
    await clock.tickAsync(5000);
    const outcome = await t.flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('iframe_failed');
  });

  it('a popped-out flow is not ended by the frame load timer, and a second pop-out or a late dismiss changes nothing', async () => {
    const clock = fakeTimers();
    const t = await framedFlow({ frameLoadMs: 5000 });
    const open = sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    t.frames.calls[0]!.events.onPopOut();
    t.frames.calls[0]!.events.onPopOut();
    t.frames.calls[0]!.events.onDismiss();
    await clock.tickAsync(5000);
    expect(open.callCount).to.equal(1);
    expect(t.flow.state).to.deep.include({ status: 'waiting', mode: 'popup' });
  });

  it('after the callback page came back in the frame, a pop-out does nothing: the flow stays confirming', async () => {
    const t = await framedFlow();
    const open = sinon.spy(window, 'open');
    const channel = new BroadcastChannel(`metorial-connect:${t.state}`);
    const observer = new BroadcastChannel(`metorial-connect:${t.state}`);
    const delivered = new Promise((resolve) => (observer.onmessage = resolve));
    channel.postMessage({ type: CALLBACK_MESSAGE_TYPE, state: t.state });
    await delivered; // (the flow's channel, created earlier, has it too)
    channel.close();
    observer.close();
    expect(t.flow.state.status).to.equal('confirming');
    t.frames.calls[0]!.events.onPopOut();
    expect(open.called, 'no popup').to.be.false;
    expect(t.frames.closedCount()).to.equal(0);
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming']);
  });
});
