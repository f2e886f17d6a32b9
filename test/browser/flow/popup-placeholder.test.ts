import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { resumeConnectFlow, startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { fakeFrameHost, fakePopup, pendingSession, recorder, stubPopup } from '../support/flow-helpers.js';
import { recordKey } from '../../../src/flow/redirect-store.js';

describe('flow engine: popupPlaceholder', () => {
  let flow: ConnectFlow | null | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  const transport = { createSession: async (b: any) => pendingSession(b), getSession: async () => pendingSession({ provider_id: 'pro_github' }) };

  it('is called synchronously with the blank popup, in the click, before creating is reported', async () => {
    const popup = stubPopup();
    const calls: string[] = [];
    flow = startConnectFlow({
      providerId: 'pro_github',
      ...transport,
      popupPlaceholder: (w) => {
        expect(w).to.equal(popup);
        expect(popup.navigations, 'still blank').to.deep.equal([]);
        calls.push('placeholder');
      },
      onStateChange: (state) => calls.push(state.status),
    });
    expect(calls, 'before startConnectFlow returned').to.deep.equal(['placeholder', 'creating']);
  });

  it('a placeholder that throws is reported and does not break the flow', async () => {
    const popup = stubPopup();
    const reportError = sinon.stub(window, 'reportError');
    const bug = new Error('placeholder bug');
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      ...transport,
      popupPlaceholder: () => {
        throw bug;
      },
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    expect(reportError.calledOnceWithExactly(bug)).to.be.true;
    expect(popup.navigations, 'the popup goes on to the setup page').to.have.length(1);
    expect(popup.closed).to.be.false;
  });

  it('is not called for a blocked popup, a flow that opens no popup, or a resumed flow', async () => {
    const placeholder = sinon.spy();
    const open = sinon.stub(window, 'open').returns(null);
    expect((await startConnectFlow({ providerId: 'pro_github', ...transport, popupPlaceholder: placeholder }).done).status).to.equal('failed');
    open.returns(fakePopup() as unknown as Window);

    const frames = fakeFrameHost();
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', ...transport, uiMode: 'iframe', frameHost: frames.host, popupPlaceholder: placeholder, onStateChange: rec.onStateChange });
    await rec.next('waiting');
    flow.dispose();

    const originalUrl = location.href;
    const state = 'R'.repeat(43);
    sessionStorage.setItem(recordKey({ providerId: 'pro_github' }), JSON.stringify({ state, sessionId: 'pas_pending', createdAt: Date.now(), returnUrl: originalUrl }));
    history.replaceState(history.state, '', `?metorial_connect_state=${state}`);
    try {
      const resumed = recorder();
      flow = resumeConnectFlow({ providerId: 'pro_github', ...transport, popupPlaceholder: placeholder, onStateChange: resumed.onStateChange });
      await resumed.next('confirming');
    } finally {
      sessionStorage.clear();
      history.replaceState(history.state, '', originalUrl);
    }
    expect(placeholder.called).to.be.false;
    expect(open.callCount, 'only the blocked attempt opened anything').to.equal(1);
  });
});
