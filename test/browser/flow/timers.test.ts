import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow, type ConnectFlowOptions } from '../../../src/flow/index.js';
import { CALLBACK_MESSAGE_TYPE, CHANNEL_PREFIX, STATE_PARAM } from '../../../src/shared/protocol.js';
import type { CreateSessionBody } from '../../../src/shared/session.js';
import { scenario, CALLBACK_PAGE } from '../support/backend.js';
import { answersRead, fakePopup, fakeTimers, getCount, pendingSession, recorder, waitingPopupFlow } from '../support/flow-helpers.js';

const iso = (ms: number) => new Date(ms).toISOString();
/** How long after expires_at a flow whose page is still shown keeps going (confirm.ts). */
const LATE = 30 * 60_000;

/** The shared pending session (support/flow-helpers.ts) for this provider, created now. */
const pending = (patch: Record<string, unknown> = {}) =>
  pendingSession({ provider_id: 'pro_github' }, { created_at: iso(Date.now()), ...patch });

describe('flow engine: timers (fake clock)', () => {
  let flow: ConnectFlow | undefined;
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = fakeTimers()));
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  async function waitingFlow(options: Partial<ConnectFlowOptions> = {}, session?: Record<string, unknown>) {
    const t = await waitingPopupFlow(session, options);
    flow = t.flow;
    return t;
  }
  /** A session that lives `ms` by the server's clock (expiry is timed from created_at to expires_at). */
  const lifetime = (ms: number) => ({ created_at: new Date(Date.now()).toISOString(), expires_at: new Date(Date.now() + ms).toISOString() });

  it('a closed popup: grace period (polling, hints still count), a last backend check, then cancelled (reason closed)', async () => {
    const t = await waitingFlow({ timing: { closeGraceMs: 5000 } });
    sinon.stub(document, 'hasFocus').returns(true); // the user is on this page (the grace starts once it has the focus)
    t.popup.closed = true;
    await clock.tickAsync(499);
    expect(t.flow.state.status).to.equal('waiting');
    await clock.tickAsync(1);
    expect(t.flow.state.status).to.equal('confirming');
    const answers = answersRead(t.backend);
    await clock.tickAsync(2000); // the first poll, within the grace
    while ((await answers()).length < 1); // real I/O: the engine has read the backend's pending
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
    sinon.stub(document, 'hasFocus').returns(true); // the user is on this page (the grace starts once it has the focus)
    t.popup.closed = true;
    await clock.tickAsync(500);
    await t.backend.update({ status: 'completed' });
    await clock.tickAsync(1000);
    expect((await t.flow.done).status).to.equal('connected');
  });

  it('expires_at passing with the popup still open: the user may still complete it (late completion), so it ends in session_expired only LATE (30 min) later, after a last check', async () => {
    const t = await waitingFlow({ timing: { overallMs: 7_200_000 } }, lifetime(60_000));
    clock.tick(59_999 + LATE); // (synchronously: the popup is watched every 500 ms)
    await clock.tickAsync(0);
    expect(t.flow.state.status).to.equal('waiting');
    expect(await getCount(t.backend)).to.equal(0);
    await clock.tickAsync(1);
    const outcome = await t.flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_expired');
    expect(await getCount(t.backend)).to.equal(1);
    expect(t.popup.closed).to.be.true;
  });

  it('at expiry a completed session still wins', async () => {
    const t = await waitingFlow({ timing: { overallMs: 7_200_000 } }, lifetime(60_000));
    await t.backend.update({ status: 'completed' });
    clock.tick(60_000 + LATE - 1); // (synchronously: the popup is watched every 500 ms)
    await clock.tickAsync(1);
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

  it('a popup closed while a hint is being confirmed is expected: confirming once, then unconfirmed after confirmMs, never cancelled', async () => {
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    let answerFirst!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (answerFirst = resolve));
    let body!: CreateSessionBody;
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      callbackUrl: CALLBACK_PAGE,
      createSession: async (b) => ((body = b), pending()),
      getSession: async () => (await firstAnswered, pending()), // the backend is slow, then says pending
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    const state = new URL(body.redirect_url!).searchParams.get(STATE_PARAM)!;
    const channel = new BroadcastChannel(CHANNEL_PREFIX + state);
    channel.postMessage({ type: CALLBACK_MESSAGE_TYPE, state });
    channel.close();
    await rec.next('confirming'); // the hint is being confirmed …
    popup.closed = true; // … when the callback page closes the popup
    await clock.tickAsync(500);
    answerFirst();
    await clock.tickAsync(10_000); // far past the grace a closed popup would get
    expect(flow.state.status).to.equal('confirming');
    await clock.tickAsync(50_000); // the confirmation window (60 s) ends; the last check says pending
    const outcome = await flow.done;
    expect(outcome.status === 'failed' && outcome.error).to.deep.equal({ code: 'unconfirmed', message: 'The connection could not be confirmed. Please try again.' });
    const statuses = rec.statuses();
    expect(statuses.filter((status, i) => status === statuses[i - 1]), `repeats in ${statuses}`).to.deep.equal([]);
    expect(statuses).to.deep.equal(['creating', 'waiting', 'confirming', 'failed']);
  });

  it('keeps nothing of a settled request: after many polls the flow holds only its live timers', async () => {
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    let polls = 0;
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github', // no callbackUrl: it polls
      createSession: async () => pending(),
      getSession: async () => (polls++, pending()),
      timing: { pollMs: 2000, pollMaxMs: 2000 },
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    const timersWhileWaiting = clock.countTimers(); // overall timeout, expiry, next poll, popup watch
    await clock.tickAsync(25 * 2000);
    expect(polls).to.equal(25);
    expect(clock.countTimers(), 'pending timers do not grow with the polls').to.equal(timersWhileWaiting);
    // What the flow still holds is what ending it undoes: its live timers, and no request.
    const clearTimeout = sinon.spy(clock, 'clearTimeout');
    const abort = sinon.spy(AbortController.prototype, 'abort');
    flow.dispose();
    expect(clearTimeout.callCount, 'timers cleared on dispose').to.equal(timersWhileWaiting);
    expect(abort.callCount, 'settled requests aborted on dispose').to.equal(0);
    expect(clock.countTimers()).to.equal(0);
  });

  it('times expiry by the server\'s clock: a session whose timestamps are hours behind this browser\'s still has its 30 minutes', async () => {
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const skew = 5 * 3_600_000;
    const session = pending({ created_at: iso(Date.now() - skew), expires_at: iso(Date.now() - skew + 30 * 60_000) });
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      callbackUrl: CALLBACK_PAGE,
      createSession: async () => session,
      getSession: async () => session,
      timing: { overallMs: 7_200_000 },
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    clock.tick(30 * 60_000 - 1); // (synchronously: the popup is watched every 500 ms)
    await clock.tickAsync(0); // any check that started has its answer
    expect(flow.state.status, 'not expired before its 30 minutes').to.equal('waiting');
    clock.tick(LATE); // (the popup is still open: late completion)
    await clock.tickAsync(1);
    const outcome = await flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_expired');
  });

  it('without a readable created_at, expiry falls back to expires_at by this browser\'s clock', async () => {
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const session = pending({ created_at: 'yesterday', expires_at: iso(Date.now() + 60_000) });
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', callbackUrl: CALLBACK_PAGE, createSession: async () => session, getSession: async () => session, timing: { overallMs: 7_200_000 }, onStateChange: rec.onStateChange });
    await rec.next('waiting');
    clock.tick(59_999 + LATE);
    await clock.tickAsync(0);
    expect(flow.state.status).to.equal('waiting');
    await clock.tickAsync(1);
    const outcome = await flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_expired');
  });
});
