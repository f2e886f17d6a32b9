import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { CALLBACK_PAGE } from '../support/backend.js';
import { COMPLETED, fakeFrameHost, fakeTimers, pendingSession, recorder, stubPopup } from '../support/flow-helpers.js';

describe('flow engine: what statechange listeners see and may do', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
    sessionStorage.clear();
  });

  it('states and outcomes carry the session without the client secret; only the popup gets it', async () => {
    const popup = stubPopup();
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      createSession: async (b) => pendingSession(b),
      getSession: async () => pendingSession({ provider_id: 'pro_github' }),
      onStateChange: rec.onStateChange,
    });
    const waiting = await rec.next('waiting');
    const setupUrl = pendingSession({ provider_id: 'pro_github' }).url;
    expect(popup.navigations).to.deep.equal([setupUrl]);
    expect(waiting.session.url).to.equal(setupUrl.split('?')[0]);
    flow.cancel();
    const outcome = await flow.done;
    expect(outcome.status).to.equal('cancelled');
    expect(JSON.stringify(rec.states)).to.not.contain('client_secret');
  });

  it('a statechange listener that cancels on `waiting` stops the flow before the frame opens', async () => {
    const frames = fakeFrameHost();
    const f: ConnectFlow = (flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'iframe',
      frameHost: frames.host,
      createSession: async (b) => pendingSession(b),
      getSession: async () => pendingSession({ provider_id: 'pro_github' }),
      onStateChange: (s) => s.status === 'waiting' && f.cancel(),
    }));
    expect((await f.done).status).to.equal('cancelled');
    // The rest of the step ran in the same task as the listener: it is over by now.
    expect(frames.calls, 'no frame opened after the flow ended').to.have.length(0);
  });

  it('a statechange listener that cancels on `waiting` stops a redirect before it stores or navigates', async () => {
    const navigate = sinon.spy();
    sessionStorage.clear();
    const f: ConnectFlow = (flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'redirect',
      navigate,
      createSession: async (b) => pendingSession(b),
      getSession: async () => pendingSession({ provider_id: 'pro_github' }),
      onStateChange: (s) => s.status === 'waiting' && f.cancel(),
    }));
    expect((await f.done).status).to.equal('cancelled');
    expect(navigate.called, 'no navigation after cancelled').to.be.false;
    expect(sessionStorage.length, 'nothing stored to resume').to.equal(0);
  });

  it('a listener that throws does not change the flow: it connects, the error is reported, the popup stays open until the end', async () => {
    const popup = stubPopup();
    const reportError = sinon.stub(window, 'reportError');
    const seen: string[] = [];
    const bug = new Error('the host’s listener is broken');
    let completed = false;
    flow = startConnectFlow({
      providerId: 'pro_github', // no callbackUrl: it polls
      createSession: async (b) => pendingSession(b),
      getSession: async () => pendingSession({ provider_id: 'pro_github' }, completed ? COMPLETED : {}),
      timing: { pollMs: 2000 },
      onStateChange: (state) => {
        seen.push(state.status);
        if (state.status === 'waiting') completed = true;
        throw bug;
      },
    });
    const outcome = await flow.done;
    expect(outcome.status).to.equal('connected');
    expect(seen).to.deep.equal(['creating', 'waiting', 'connected']);
    expect(popup.navigations, 'the popup went on to the setup page').to.have.length(1);
    expect(reportError.args.map(([e]) => e)).to.deep.equal([bug, bug, bug]);
  });

  it('a listener that throws inside a timer (a closed popup seen) does not escape from it; the flow goes on', async () => {
    const clock = fakeTimers();
    sinon.stub(document, 'hasFocus').returns(true); // the user is on this page (the grace starts once it has the focus)
    const popup = stubPopup();
    const reportError = sinon.stub(window, 'reportError');
    const bug = new Error('thrown on confirming');
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      callbackUrl: CALLBACK_PAGE,
      createSession: async (b) => pendingSession(b),
      getSession: async () => pendingSession({ provider_id: 'pro_github' }),
      timing: { closeGraceMs: 1000 },
      onStateChange: (state) => {
        rec.onStateChange(state);
        if (state.status === 'confirming') throw bug;
      },
    });
    await rec.next('waiting');
    popup.closed = true;
    await clock.tickAsync(500); // the popup watch runs in a timer and reports confirming
    expect(reportError.calledOnceWithExactly(bug)).to.be.true;
    await clock.tickAsync(1000);
    expect(await flow.done).to.include({ status: 'cancelled', reason: 'closed' });
  });

  it('a host FrameHandle.close() that throws: the rest is still released and the outcome reported, the error reported', async () => {
    const clock = fakeTimers();
    const reportError = sinon.stub(window, 'reportError');
    const bug = new Error('the host’s frame does not close');
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'iframe',
      callbackUrl: CALLBACK_PAGE,
      createSession: async (b) => pendingSession(b),
      getSession: async () => pendingSession({ provider_id: 'pro_github' }),
      frameHost: {
        open: () => ({
          window: null,
          close() {
            throw bug;
          },
        }),
      },
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    flow.cancel();
    expect(await flow.done).to.include({ status: 'cancelled', reason: 'cancelled' });
    expect(rec.statuses()).to.deep.equal(['creating', 'waiting', 'cancelled']);
    expect(reportError.calledWithExactly(bug)).to.be.true;
    expect(clock.countTimers(), 'every timer of the flow cleared (the frame load timer, the overall timeout, expiry)').to.equal(0);
  });
});
