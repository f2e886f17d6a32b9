import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { resumeConnectFlow, startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { fakeFrameHost, fakePopup, fakeTimers, pendingSession, recorder } from '../support/flow-helpers.js';
import { recordKey } from '../../../src/flow/redirect-store.js';

describe("flow engine: a host's own createSession / getSession", () => {
  afterEach(() => sinon.restore());

  it("a host transport's own error is not passed through: a stable code, none of its internals", async () => {
    const axiosLike = { code: 'ERR_BAD_RESPONSE', message: 'Request failed with status code 500', config: { headers: { Authorization: 'Bearer host_token' } } };
    const flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'redirect',
      navigate: () => {},
      createSession: async () => {
        throw axiosLike;
      },
      getSession: async () => ({}),
    });
    const outcome = await flow.done;
    expect(outcome.status).to.equal('failed');
    const error = outcome.status === 'failed' ? outcome.error : undefined;
    expect(error?.code).to.equal('backend_error');
    expect(JSON.stringify(error)).to.not.contain('host_token');
  });

  it('a createSession that throws synchronously is backend_error, like one that rejects', async () => {
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const flow = startConnectFlow({
      providerId: 'pro_github',
      createSession: () => {
        throw new TypeError('host bug');
      },
      getSession: async () => ({}),
    });
    const outcome = await flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('backend_error');
  });

  it('a getSession that throws synchronously is a failed request: the flow polls on and holds no request timer for it', async () => {
    const clock = fakeTimers();
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const rec = recorder();
    let reads = 0;
    const flow = startConnectFlow({
      providerId: 'pro_github', // no callbackUrl: it polls
      createSession: async (b) => pendingSession(b),
      getSession: () => {
        reads++;
        throw new TypeError('host bug');
      },
      timing: { pollMs: 2000, pollMaxMs: 2000 },
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    const timersWhileWaiting = clock.countTimers();
    await clock.tickAsync(5 * 2000);
    expect(reads).to.equal(5);
    expect(flow.state.status).to.equal('waiting');
    expect(clock.countTimers(), 'no request timer left behind per read').to.equal(timersWhileWaiting);
    flow.dispose();
  });

  it("after dispose() nothing of the host's is called: a listener that disposes on confirming (frame dismissed) stops the last check", async () => {
    const frames = fakeFrameHost();
    const getSession = sinon.spy(async () => pendingSession({ provider_id: 'pro_github' }));
    const seen: string[] = [];
    const flow: ConnectFlow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'iframe',
      frameHost: frames.host,
      createSession: async (b) => pendingSession(b),
      getSession,
      onStateChange: (state) => {
        seen.push(state.status);
        if (state.status === 'confirming') flow.dispose();
      },
    });
    await waitUntil(() => frames.calls.length === 1);
    frames.calls[0]!.events.onDismiss();
    await Promise.resolve(); // (any step the flow could still take)
    expect(seen).to.deep.equal(['creating', 'waiting', 'confirming']);
    expect(getSession.called, 'no last check after dispose').to.be.false;
  });

  it("after dispose() nothing of the host's is called: a resumed flow disposed at once never reads its session", async () => {
    const originalUrl = location.href;
    sessionStorage.setItem(recordKey({ providerId: 'pro_github' }), JSON.stringify({ state: 'S'.repeat(43), sessionId: 'pas_1', createdAt: Date.now(), returnUrl: originalUrl }));
    history.replaceState(history.state, '', `?metorial_connect_state=${'S'.repeat(43)}`);
    try {
      const getSession = sinon.spy(async () => pendingSession({ provider_id: 'pro_github' }));
      const onStateChange = sinon.spy();
      const flow = resumeConnectFlow({ providerId: 'pro_github', createSession: async () => ({}), getSession, onStateChange });
      expect(flow).to.not.equal(null);
      flow!.dispose(); // e.g. the element was removed in the same task
      for (let i = 0; i < 10; i++) await Promise.resolve(); // the flow's own steps are microtasks
      expect(getSession.called, 'no read').to.be.false;
      expect(onStateChange.called, 'nothing reported').to.be.false;
    } finally {
      sessionStorage.clear();
      history.replaceState(history.state, '', originalUrl);
    }
  });
});
