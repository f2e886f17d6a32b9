import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { fakeFrameHost, fakePopup, pendingSession, recorder } from '../support/flow-helpers.js';

describe('flow engine: what statechange listeners see and may do', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
    sessionStorage.clear();
  });

  it('states and outcomes carry the session without the client secret; only the popup gets it', async () => {
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
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
});
