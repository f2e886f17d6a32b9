import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { CALLBACK_MESSAGE_TYPE, CHANNEL_PREFIX } from '../../../src/shared/protocol.js';
import { CALLBACK_PAGE } from '../support/backend.js';
import { COMPLETED, fakeFrameHost, fakeTimers, pendingSession, recordingCreate, recorder, stubPopup } from '../support/flow-helpers.js';

describe('flow engine: confirming after the provider came back (fake clock)', () => {
  let flow: ConnectFlow | undefined;
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = fakeTimers();
    // The user is on this page: a closed popup's grace starts once the page has the focus, which
    // a headless or WebDriver-driven browser reports its own way (WebKit: not after a popup).
    sinon.stub(document, 'hasFocus').returns(true);
  });
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  /** A popup flow whose backend says pending until `completeAt` (by the fake clock), then completed. */
  async function lagging(options: { completeAt?: () => number; timing?: Record<string, number>; firstRead?: Promise<void> } = {}) {
    const popup = stubPopup();
    const created = recordingCreate();
    const rec = recorder();
    const getSession = sinon.spy(async () => {
      if (getSession.callCount === 1) await options.firstRead; // (the first read answers when the test says)
      return pendingSession(created.body(), Date.now() >= (options.completeAt?.() ?? Infinity) ? COMPLETED : {});
    });
    flow = startConnectFlow({
      providerId: 'pro_github',
      callbackUrl: CALLBACK_PAGE,
      createSession: created.createSession,
      getSession,
      onStateChange: rec.onStateChange,
      timing: options.timing,
    });
    await rec.next('waiting');
    /** What the callback page does: post on the channel (its opener may be gone), close its popup.
     *  Resolves once the flow has the message (channels deliver in creation order, and the
     *  observer was created after the flow's channel). */
    const callbackPage = async () => {
      const state = created.state();
      const observer = new BroadcastChannel(CHANNEL_PREFIX + state);
      const delivered = new Promise((resolve) => (observer.onmessage = resolve));
      const channel = new BroadcastChannel(CHANNEL_PREFIX + state);
      channel.postMessage({ type: CALLBACK_MESSAGE_TYPE, state });
      channel.close();
      popup.closed = true;
      await delivered;
      observer.close();
    };
    return { popup, rec, getSession, callbackPage, flow };
  }

  it('the callback page closes its popup while the backend still says pending: confirming until it catches up (3 s), then connected, never cancelled', async () => {
    let cameBack = Infinity;
    const t = await lagging({ completeAt: () => cameBack + 3000 });
    cameBack = Date.now();
    await t.callbackPage();
    await clock.tickAsync(2500); // the closed popup is seen; far past the 2 s grace a user's close would get
    expect(t.flow.state.status).to.equal('confirming');
    expect(t.getSession.callCount, 'pending answers so far').to.be.greaterThan(1);
    await clock.tickAsync(5000); // polling with backoff reaches the backend's truth
    const outcome = await t.flow.done;
    expect(outcome.status).to.equal('connected');
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming', 'connected']);
  });

  it('a backend that never catches up: failed with unconfirmed once confirmMs ran out, in plain words', async () => {
    const t = await lagging({ timing: { confirmMs: 30_000 } });
    await t.callbackPage();
    await clock.tickAsync(29_999);
    expect(t.flow.state.status).to.equal('confirming');
    const asked = t.getSession.callCount;
    await clock.tickAsync(1);
    const outcome = await t.flow.done;
    expect(t.getSession.callCount, 'a last check at the end').to.equal(asked + 1);
    expect(outcome.status === 'failed' && outcome.error).to.deep.equal({ code: 'unconfirmed', message: 'The connection could not be confirmed. Please try again.' });
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming', 'failed']);
    const polls = t.getSession.callCount;
    await clock.tickAsync(60_000);
    expect(t.getSession.callCount, 'no polling after the end').to.equal(polls);
  });

  it('a last check that finds the session completed at the end of the confirmation window connects', async () => {
    let cameBack = Infinity;
    const t = await lagging({ completeAt: () => cameBack + 29_000, timing: { confirmMs: 29_000, pollMaxMs: 60_000 } });
    cameBack = Date.now();
    await t.callbackPage();
    await clock.tickAsync(29_000);
    expect((await t.flow.done).status).to.equal('connected');
  });

  it('a closed popup whose last check cannot reach the backend ends in failed (network), not cancelled', async () => {
    const popup = stubPopup();
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      endpoint: 'http://127.0.0.1:1/nothing', // reads go nowhere
      createSession: async (b) => pendingSession(b),
      onStateChange: rec.onStateChange,
      timing: { closeGraceMs: 1000 },
    });
    await rec.next('waiting');
    popup.closed = true; // the user closed it, or not: nobody can tell
    await clock.tickAsync(1500); // the close is seen, the grace ends, the last check goes out
    const outcome = await flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('network');
    expect(rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming', 'failed']);
  });

  it('a popup seen closed before the callback message arrives: the message still counts, no cancel after the grace', async () => {
    let cameBack = Infinity;
    const t = await lagging({ completeAt: () => cameBack + 3000, timing: { closeGraceMs: 1000 } });
    t.popup.closed = true;
    await clock.tickAsync(500); // seen closed first: the grace starts
    expect(t.flow.state.status).to.equal('confirming');
    cameBack = Date.now();
    await t.callbackPage(); // the callback page's channel message comes late
    await clock.tickAsync(1000); // the grace ends: the message made the close expected
    expect(t.flow.state.status).to.equal('confirming');
    await clock.tickAsync(10_000);
    expect((await t.flow.done).status).to.equal('connected');
  });

  it('a callback message that arrives while the grace’s last check is in flight: confirming goes on, connected, never cancelled', async () => {
    let cameBack = Infinity;
    let answerFirstRead!: () => void;
    const firstRead = new Promise<void>((resolve) => (answerFirstRead = resolve));
    const t = await lagging({ completeAt: () => cameBack + 3000, timing: { closeGraceMs: 1000 }, firstRead });
    t.popup.closed = true;
    await clock.tickAsync(1500); // seen closed, the grace ends: its last check is the first read, in flight
    expect(t.getSession.callCount).to.equal(1);
    cameBack = Date.now();
    await t.callbackPage(); // the provider came back meanwhile
    answerFirstRead(); // pending, and so is the read asked afresh for the message
    await clock.tickAsync(0);
    expect(t.flow.state.status).to.equal('confirming');
    await clock.tickAsync(10_000); // polling goes on until the backend catches up
    expect((await t.flow.done).status).to.equal('connected');
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming', 'connected']);
  });

  it('a closed popup whose last check says pending still ends in cancelled (control for the case above)', async () => {
    const t = await lagging({ timing: { closeGraceMs: 1000 } });
    t.popup.closed = true; // no callback came: the user closed it
    await clock.tickAsync(1500);
    expect(await t.flow.done).to.include({ status: 'cancelled', reason: 'closed' });
  });

  it('a dismissed frame whose last check cannot reach the backend still ends in cancelled: the user did cancel', async () => {
    const frames = fakeFrameHost();
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'iframe',
      frameHost: frames.host,
      endpoint: 'http://127.0.0.1:1/nothing', // reads go nowhere
      createSession: async (b) => pendingSession(b),
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    frames.calls[0]!.events.onDismiss();
    expect(await flow.done).to.include({ status: 'cancelled', reason: 'cancelled' });
  });
});
