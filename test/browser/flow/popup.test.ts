import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow } from '../../../src/flow/index.js';
import { scenario, crossOrigin, CALLBACK_PAGE } from '../support/backend.js';
import { recorder } from '../support/flow-helpers.js';
import { inClick } from '../support/user-input.js';

describe('flow engine: popup mode', () => {
  afterEach(() => sinon.restore());

  it('completes end to end: cross-origin setup page → callback page → backend confirms', async () => {
    const backend = await scenario({ session: { url: '{cross}/test/browser/support/setup.html?scenario={id}&act=complete' } });
    const rec = recorder();
    const open = sinon.spy(window, 'open');
    // A long grace: only the callback message (not the popup closing) can end the flow in time.
    const flow = await inClick(() => startConnectFlow({
      providerId: 'pro_github',
      endpoint: backend.endpoint,
      callbackUrl: CALLBACK_PAGE,
      onStateChange: rec.onStateChange,
      timing: { closeGraceMs: 600_000 },
    }));
    const outcome = await flow.done;
    expect(outcome.status).to.equal('connected');
    if (outcome.status !== 'connected') return;
    expect(outcome.authConfig.object).to.equal('provider.auth_config');
    expect(rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming', 'connected']);
    const popup = open.returnValues[0]!;
    await waitUntil(() => popup.closed, 'the popup closes');
    const { requests } = await backend.read();
    expect(requests.map((r) => r.method)).to.deep.equal(['POST', 'GET']);
    expect(requests[0]!.connectHeader).to.equal('1');
    expect(requests[0]!.body.provider_id).to.equal('pro_github');
    expect(requests[0]!.body.redirect_url).to.match(/^http:\/\/localhost:\d+\/test\/browser\/support\/callback\.html\?metorial_connect_state=[\w-]{43}$/);
    expect(crossOrigin()).to.not.equal(location.origin);
  });
});

describe('flow engine: popup opening', () => {
  afterEach(() => sinon.restore());

  it('opens the popup synchronously, before the first request, blank and centred', async () => {
    const backend = await scenario();
    const open = sinon.spy(window, 'open');
    const fetchSpy = sinon.spy(window, 'fetch');
    const flow = await inClick(() => startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE }));
    expect(open.calledOnce, 'opened before startConnectFlow returned').to.be.true;
    expect(open.calledBefore(fetchSpy)).to.be.true;
    const [url, , features] = open.firstCall.args;
    expect(url).to.equal('');
    expect(features).to.match(/width=500,height=700,left=-?\d+,top=-?\d+/);
    flow.dispose();
    await waitUntil(() => open.returnValues[0]!.closed, 'dispose closes the popup');
  });

  it('ends in popup_blocked without creating a session when the popup is blocked', async () => {
    const backend = await scenario();
    sinon.stub(window, 'open').returns(null);
    const fetchSpy = sinon.spy(window, 'fetch');
    const rec = recorder();
    const flow = await inClick(() => startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, onStateChange: rec.onStateChange }));
    const outcome = await flow.done;
    expect(outcome.status).to.equal('failed');
    if (outcome.status === 'failed') {
      expect(outcome.error.code).to.equal('popup_blocked');
      expect(outcome.error.message).to.equal('The popup was blocked. Allow popups for this site and try again.');
    }
    expect(rec.statuses()).to.deep.equal(['failed']);
    expect(fetchSpy.called).to.be.false;
    expect((await backend.read()).requests).to.have.length(0);
  });

  it('ends in session_failed when the provider reports a failure', async () => {
    const backend = await scenario({ session: { url: '{cross}/test/browser/support/setup.html?scenario={id}&act=fail' } });
    const flow = await inClick(() => startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE }));
    const outcome = await flow.done;
    expect(outcome.status).to.equal('failed');
    if (outcome.status === 'failed') expect(outcome.error.code).to.equal('session_failed');
  });

  it('cancel() ends in cancelled (reason cancelled), closes the popup and reports nothing more', async () => {
    const backend = await scenario();
    const open = sinon.spy(window, 'open');
    const rec = recorder();
    const flow = await inClick(() => startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, onStateChange: rec.onStateChange }));
    await rec.next('waiting');
    flow.cancel();
    flow.cancel();
    const outcome = await flow.done;
    expect(outcome).to.include({ status: 'cancelled', reason: 'cancelled' });
    expect(rec.statuses()).to.deep.equal(['creating', 'waiting', 'cancelled']);
    await waitUntil(() => open.returnValues[0]!.closed, 'the popup is closed');
  });

  it('dispose() mid-flow closes the popup and reports nothing more, even when a hint arrives', async () => {
    const backend = await scenario();
    const open = sinon.spy(window, 'open');
    const rec = recorder();
    const flow = await inClick(() => startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, onStateChange: rec.onStateChange }));
    await rec.next('waiting');
    flow.dispose();
    await waitUntil(() => open.returnValues[0]!.closed, 'the popup is closed');
    await backend.update({ status: 'completed' });
    const state = await backend.flowState();
    const listener = new BroadcastChannel(`metorial-connect:${state}`);
    const heard = new Promise((resolve) => (listener.onmessage = resolve));
    const sender = new BroadcastChannel(`metorial-connect:${state}`);
    sender.postMessage({ type: 'metorial-connect:callback', state });
    await heard;
    listener.close();
    sender.close();
    expect(rec.statuses()).to.deep.equal(['creating', 'waiting']);
    expect(flow.state.status).to.equal('waiting');
    expect((await backend.read()).requests.map((r) => r.method)).to.deep.equal(['POST']);
  });

  it('two flows at once never see each other’s outcome', async () => {
    const first = await scenario({ session: { url: '{cross}/test/browser/support/setup.html?scenario={id}&act=complete' } });
    const second = await scenario();
    const open = sinon.spy(window, 'open');
    const recB = recorder();
    const flowA = await inClick(() => startConnectFlow({ providerId: 'pro_github', endpoint: first.endpoint, callbackUrl: CALLBACK_PAGE }));
    const flowB = await inClick(() => startConnectFlow({ providerId: 'pro_slack', endpoint: second.endpoint, callbackUrl: CALLBACK_PAGE, onStateChange: recB.onStateChange }));
    expect((await flowA.done).status).to.equal('connected');
    const stateA = await first.flowState();
    const stateB = await second.flowState();
    expect(stateA).to.not.equal(stateB);
    // A's callback message, replayed from B's own popup, is still not B's.
    window.dispatchEvent(
      new MessageEvent('message', { origin: location.origin, source: open.returnValues[1]!, data: { type: 'metorial-connect:callback', state: stateA } }),
    );
    expect(recB.statuses()).to.deep.equal(['creating', 'waiting']);
    expect((await second.read()).requests.map((r) => r.method)).to.deep.equal(['POST']);
    expect(open.returnValues[1]!.closed).to.be.false;
    flowB.dispose();
  });
});
