/** `expired` is computed when a session is read, and a consent begun before `expires_at` may
 *  still complete the session after it: a flow whose page is still shown (or that heard the
 *  callback) keeps confirming past `expires_at`, for at most 30 minutes more. */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { ConnectFlow, ConnectFlowOptions } from '../../../src/flow/index.js';
import { CALLBACK_MESSAGE_TYPE, CHANNEL_PREFIX } from '../../../src/shared/protocol.js';
import { answersRead, fakeTimers, waitingPopupFlow } from '../support/flow-helpers.js';

const LATE = 30 * 60_000;

describe('flow engine: late completion after expires_at (fake clock)', () => {
  let flow: ConnectFlow | undefined;
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = fakeTimers()));
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  /** A popup flow whose session lives 60 s; `options` replace the defaults. */
  async function waitingFlow(options: Partial<ConnectFlowOptions> = {}) {
    const now = Date.now();
    const session = { created_at: new Date(now).toISOString(), expires_at: new Date(now + 60_000).toISOString() };
    const t = await waitingPopupFlow(session, { timing: { overallMs: 7_200_000 }, ...options });
    flow = t.flow;
    return t;
  }

  it('polling past expires_at: the backend reads expired while the popup is open, the flow goes on, and connects when the user completes late', async () => {
    const t = await waitingFlow({ callbackUrl: undefined }); // (no callback page: it polls)
    const answers = answersRead(t.backend);
    await clock.tickAsync(60_000);
    await t.backend.update({ status: 'expired' }); // read-time expiry, as upstream
    await clock.tickAsync(10_000);
    while (!(await answers()).some((session) => session?.status === 'expired')); // real I/O: the engine read expired
    expect(t.flow.state.status, 'expired is not final while the page is shown').to.equal('waiting');
    await t.backend.update({ status: 'completed' }); // the user allowed at the provider
    await clock.tickAsync(10_000);
    expect((await t.flow.done).status).to.equal('connected');
  });

  it('a callback heard after expires_at, while the backend still reads expired, keeps confirming until it completes', async () => {
    const t = await waitingFlow();
    await clock.tickAsync(90_000);
    await t.backend.update({ status: 'expired' });
    const state = await t.backend.flowState();
    t.popup.closed = true; // the callback page closes the popup itself
    const channel = new BroadcastChannel(CHANNEL_PREFIX + state);
    channel.postMessage({ type: CALLBACK_MESSAGE_TYPE, state });
    channel.close();
    const answers = answersRead(t.backend);
    await t.rec.next('confirming');
    while (!(await answers()).some((session) => session?.status === 'expired')); // the engine read expired
    expect(t.flow.state.status).to.equal('confirming');
    await t.backend.update({ status: 'completed' });
    await clock.tickAsync(10_000);
    expect((await t.flow.done).status).to.equal('connected');
  });

  it('the user closes the popup after expires_at without completing: session_expired, not cancelled', async () => {
    const t = await waitingFlow({ timing: { overallMs: 7_200_000, closeGraceMs: 1000 } });
    // The user is back on this page: the grace starts once it has the focus. (Not left to the
    // engine: WebKit's test page, after earlier files' popups, sometimes has none, and a CI run
    // then waited for a grace that never started.)
    sinon.stub(document, 'hasFocus').returns(true);
    await clock.tickAsync(90_000);
    await t.backend.update({ status: 'expired' });
    t.popup.closed = true;
    await clock.tickAsync(1500);
    const outcome = await t.flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_expired');
  });

  it('expires_at with no page shown (a severed popup, the user elsewhere): session_expired at once, after a last check', async () => {
    const t = await waitingFlow();
    sinon.stub(document, 'hasFocus').returns(false);
    t.popup.closed = true; // reads closed; the page has no focus, so no grace runs
    await clock.tickAsync(59_999);
    expect(t.flow.state.status).to.equal('confirming');
    await clock.tickAsync(1);
    const outcome = await t.flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_expired');
  });

  it('the page still shown, the session never completes: session_expired 30 minutes after expires_at', async () => {
    const t = await waitingFlow();
    clock.tick(60_000 + LATE - 1); // (synchronously: the popup is watched every 500 ms)
    await clock.tickAsync(0);
    expect(t.flow.state.status).to.equal('waiting');
    await clock.tickAsync(1);
    const outcome = await t.flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_expired');
  });
});
