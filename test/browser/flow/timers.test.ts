import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow, type ConnectFlowOptions } from '../../../src/flow/index.js';
import { CALLBACK_MESSAGE_TYPE, CHANNEL_PREFIX } from '../../../src/shared/protocol.js';
import { scenario, CALLBACK_PAGE } from '../support/backend.js';
import { fakePopup, recorder } from '../support/flow-helpers.js';

const fakeTimers = () =>
  sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

describe('flow engine: timers (fake clock)', () => {
  let flow: ConnectFlow | undefined;
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = fakeTimers()));
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  async function waitingFlow(options: Partial<ConnectFlowOptions> = {}, session?: Record<string, unknown>) {
    const backend = await scenario({ session });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, onStateChange: rec.onStateChange, ...options });
    await rec.next('waiting');
    return { backend, popup, rec, flow };
  }
  const getCount = async (backend: Awaited<ReturnType<typeof scenario>>) =>
    (await backend.read()).requests.filter((r) => r.method === 'GET').length;

  it('a closed popup: grace period (polling, hints still count), a last backend check, then cancelled (reason closed)', async () => {
    const t = await waitingFlow({ timing: { closeGraceMs: 5000 } });
    t.popup.closed = true;
    await clock.tickAsync(499);
    expect(t.flow.state.status).to.equal('waiting');
    await clock.tickAsync(1);
    expect(t.flow.state.status).to.equal('confirming');
    await clock.tickAsync(2000); // the first poll, within the grace
    while ((await getCount(t.backend)) < 1); // real I/O: wait until the backend saw it
    await t.backend.read();
    await clock.tickAsync(0);
    expect(t.flow.state.status, 'a pending answer within the grace does not cancel').to.equal('confirming');
    await clock.tickAsync(2999); // the grace ends 5 s after the close was seen (at 500 ms)
    expect(t.flow.state.status).to.equal('confirming');
    await clock.tickAsync(1);
    const outcome = await t.flow.done;
    expect(outcome).to.include({ status: 'cancelled', reason: 'closed' });
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming', 'cancelled']);
  });

  it('a popup that reads closed while this page has no focus (COOP severed it) waits for the page to regain focus before the grace', async () => {
    const t = await waitingFlow({ timing: { closeGraceMs: 5000 } });
    const hasFocus = sinon.stub(document, 'hasFocus').returns(false);
    t.popup.closed = true; // what the opener sees once a COOP page severed it, while the user is still there
    await clock.tickAsync(500);
    expect(t.flow.state.status).to.equal('confirming');
    await clock.tickAsync(120_000); // far past the grace: the user is still on the provider's page
    expect(t.flow.state.status, 'no cancel while the user is away from this page').to.equal('confirming');
    while ((await getCount(t.backend)) < 1); // it kept asking the backend meanwhile
    hasFocus.returns(true);
    window.dispatchEvent(new FocusEvent('focus')); // the user closed the popup and is back
    await clock.tickAsync(4999);
    expect(t.flow.state.status).to.equal('confirming');
    await clock.tickAsync(1);
    expect(await t.flow.done).to.include({ status: 'cancelled', reason: 'closed' });
  });

  it('a closed popup whose session completes within the grace connects', async () => {
    const t = await waitingFlow({ timing: { closeGraceMs: 60_000 } });
    const state = await t.backend.flowState();
    t.popup.closed = true;
    await clock.tickAsync(500);
    expect(t.flow.state.status).to.equal('confirming');
    await t.backend.update({ status: 'completed' });
    const channel = new BroadcastChannel(CHANNEL_PREFIX + state);
    channel.postMessage({ type: CALLBACK_MESSAGE_TYPE, state });
    channel.close();
    expect((await t.flow.done).status).to.equal('connected');
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming', 'connected']);
  });

  it('a closed popup whose session completed is found by the last check: connected', async () => {
    const t = await waitingFlow({ timing: { closeGraceMs: 1000 } });
    t.popup.closed = true;
    await clock.tickAsync(500);
    await t.backend.update({ status: 'completed' });
    await clock.tickAsync(1000);
    expect((await t.flow.done).status).to.equal('connected');
  });

  it('expires_at passing ends in session_expired after a last check', async () => {
    const t = await waitingFlow({}, { expires_at: new Date(Date.now() + 60_000).toISOString() });
    await clock.tickAsync(59_999);
    expect(t.flow.state.status).to.equal('waiting');
    expect(await getCount(t.backend)).to.equal(0);
    await clock.tickAsync(1);
    const outcome = await t.flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_expired');
    expect(await getCount(t.backend)).to.equal(1);
    expect(t.popup.closed).to.be.true;
  });

  it('at expiry a completed session still wins', async () => {
    const t = await waitingFlow({}, { expires_at: new Date(Date.now() + 60_000).toISOString() });
    await t.backend.update({ status: 'completed' });
    await clock.tickAsync(60_000);
    expect((await t.flow.done).status).to.equal('connected');
  });

  it('the overall timeout ends in timeout', async () => {
    const t = await waitingFlow({ timing: { overallMs: 120_000 } });
    await clock.tickAsync(119_999);
    expect(t.flow.state.status).to.equal('waiting');
    await clock.tickAsync(1);
    const outcome = await t.flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('timeout');
    expect(t.popup.closed).to.be.true;
  });

  it('without a callbackUrl, polls the backend and connects once it completes', async () => {
    const t = await waitingFlow({ callbackUrl: undefined });
    expect((await t.backend.read()).requests[0]!.body.redirect_url).to.equal(undefined);
    await t.backend.update({ status: 'completed' });
    await clock.tickAsync(1999);
    expect(await getCount(t.backend)).to.equal(0);
    await clock.tickAsync(1);
    expect((await t.flow.done).status).to.equal('connected');
    expect(await getCount(t.backend)).to.equal(1);
  });

  it('polls with backoff (2 s, ×1.5, up to pollMaxMs), never more than once per 2 s, and stops at a final status', async () => {
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const session = {
      object: 'provider.setup_session',
      id: 'pas_1',
      status: 'pending',
      url: 'https://provider.metorial.com/setup/pas_1',
      provider_id: 'pro_github',
      ui_mode: 'popup',
      auth_config: null,
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const started = Date.now();
    const calls: number[] = [];
    let status = 'pending';
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      createSession: async () => session,
      getSession: async () => {
        calls.push(Date.now() - started);
        return { ...session, status };
      },
      timing: { pollMs: 500, pollMaxMs: 5000 },
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    await clock.tickAsync(20_000);
    expect(calls).to.deep.equal([2000, 5000, 9500, 14500, 19500]);
    status = 'failed';
    await clock.tickAsync(5000);
    const outcome = await flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_failed');
    await clock.tickAsync(60_000);
    expect(calls, 'no polling after the end').to.deep.equal([2000, 5000, 9500, 14500, 19500, 24500]);
  });
});
