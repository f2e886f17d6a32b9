import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { CALLBACK_MESSAGE_TYPE, CHANNEL_PREFIX } from '../../../src/shared/protocol.js';
import { scenario, crossOrigin, CALLBACK_PAGE, type Scenario } from '../support/backend.js';
import { COMPLETED, deferred, fakePopup, nextMessage, pendingSession, recordingCreate, recorder } from '../support/flow-helpers.js';
import { inClick } from '../support/user-input.js';

/** A flow in `waiting` with a real popup on a same-origin fake setup page. */
async function waitingFlow(session?: Record<string, unknown>) {
  const backend = await scenario({ session });
  const open = sinon.spy(window, 'open');
  const rec = recorder();
  const flow = await inClick(() => startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, onStateChange: rec.onStateChange }));
  await rec.next('waiting');
  const popup = open.returnValues[0]!;
  const state = await backend.flowState();
  const post = (data: unknown, init: { origin?: string; source?: Window } = {}) =>
    window.dispatchEvent(new MessageEvent('message', { data, origin: init.origin ?? location.origin, source: init.source ?? popup }));
  return { backend, flow, rec, popup, state, post };
}

const gets = async (backend: Scenario) => (await backend.read()).requests.filter((r) => r.method === 'GET').length;

describe('flow engine: completion hints', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  it('ignores messages from another origin, another window, with another state, or malformed', async () => {
    const t = await waitingFlow();
    flow = t.flow;
    const good = { type: CALLBACK_MESSAGE_TYPE, state: t.state };
    t.post(good, { origin: crossOrigin() });
    t.post(good, { origin: 'null' });
    t.post(good, { source: window });
    t.post({ type: CALLBACK_MESSAGE_TYPE, state: 'A'.repeat(43) });
    t.post({ type: 'other', state: t.state });
    t.post(t.state);
    t.post(null);
    t.post(JSON.stringify(good));
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting']);
    expect(await gets(t.backend)).to.equal(0);
    // Control: the right message is acted on (the backend still says pending, so it keeps confirming).
    t.post(good);
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming']);
    await waitUntil(async () => (await gets(t.backend)) === 1, 'the hint is confirmed with the backend');
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming']);
  });

  it('ignores a real message posted from the cross-origin setup page, even with the right state', async () => {
    const backend = await scenario({ session: { url: '{cross}/test/browser/support/setup.html?scenario={id}&act=forge' } });
    const rec = recorder();
    // Listening before the flow starts: the setup page may post as soon as it loads, which in
    // WebKit can be before a listener added after `waiting` would be.
    const received = nextMessage((e) => e.data?.type === CALLBACK_MESSAGE_TYPE && e.origin === crossOrigin());
    flow = await inClick(() => startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, onStateChange: rec.onStateChange }));
    const event = await received;
    expect(event.data.state).to.equal(await backend.flowState());
    // A real round trip to the backend: the message's dispatch, the flow's listener included,
    // is long over by its answer, so a flow that took the forged message would show it here.
    expect(await gets(backend)).to.equal(0);
    expect(rec.statuses()).to.deep.equal(['creating', 'waiting']);
  });

  it('a duplicated success message gives one outcome and one backend check', async () => {
    const t = await waitingFlow();
    flow = t.flow;
    await t.backend.update({ status: 'completed' });
    const good = { type: CALLBACK_MESSAGE_TYPE, state: t.state };
    t.post(good);
    t.post(good);
    const outcome = await t.flow.done;
    t.post(good);
    expect(outcome.status).to.equal('connected');
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming', 'connected']);
    expect(await gets(t.backend)).to.equal(1);
  });

  it('a message claiming success while the backend says pending does not connect: it keeps confirming', async () => {
    const t = await waitingFlow();
    flow = t.flow;
    t.post({ type: CALLBACK_MESSAGE_TYPE, state: t.state });
    await waitUntil(async () => (await gets(t.backend)) === 1, 'the hint is confirmed with the backend');
    await t.backend.read(); // (a real round trip: the pending answer has arrived by now)
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming']);
    expect(t.flow.state.status).to.equal('confirming');
  });

  it('a message claiming success while the backend says failed ends in session_failed', async () => {
    const t = await waitingFlow();
    flow = t.flow;
    await t.backend.update({ status: 'failed' });
    t.post({ type: CALLBACK_MESSAGE_TYPE, state: t.state });
    const outcome = await t.flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_failed');
  });

  it('completed without an auth config is not connected', async () => {
    const t = await waitingFlow();
    flow = t.flow;
    await t.backend.update({ status: 'completed', auth_config: null });
    t.post({ type: CALLBACK_MESSAGE_TYPE, state: t.state });
    expect((await t.flow.done).status).to.equal('failed');
  });

  it('the BroadcastChannel hint completes a flow whose popup lost its opener (real pages)', async () => {
    const backend = await scenario({ session: { url: '{origin}/test/browser/support/setup.html?scenario={id}&act=sever-complete' } });
    const open = sinon.spy(window, 'open');
    const messages: MessageEvent[] = [];
    const onMessage = (e: MessageEvent) => messages.push(e);
    addEventListener('message', onMessage);
    try {
      // A long grace: the closing popup alone could not end the flow within the test.
      flow = await inClick(() => startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, timing: { closeGraceMs: 600_000 } }));
      expect((await flow.done).status).to.equal('connected');
      await waitUntil(() => open.returnValues[0]!.closed, 'the callback page closes its popup');
      expect(messages.filter((e) => e.data?.type === CALLBACK_MESSAGE_TYPE), 'no opener, so no postMessage').to.have.length(0);
    } finally {
      removeEventListener('message', onMessage);
    }
  });

  it('a completion hint that arrives while a request is in flight is confirmed by a fresh request', async () => {
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const created = recordingCreate();
    const answers: Array<ReturnType<typeof deferred<unknown>>> = [];
    const rec = recorder();
    flow = await inClick(() => startConnectFlow({
      providerId: 'pro_github',
      callbackUrl: CALLBACK_PAGE,
      createSession: created.createSession,
      getSession: () => {
        const answer = deferred<unknown>();
        answers.push(answer);
        return answer.promise;
      },
      onStateChange: rec.onStateChange,
      timing: { pollMs: 600_000, pollMaxMs: 600_000 }, // no poll comes to the rescue in this test
    }));
    await rec.next('waiting');
    const state = created.state();
    const channel = new BroadcastChannel(CHANNEL_PREFIX + state);
    channel.postMessage({ type: CALLBACK_MESSAGE_TYPE, state }); // e.g. an early or duplicated hint
    await waitUntil(() => answers.length === 1, 'the first hint asks the backend');
    // Channels receive a message in creation order: once this later one has it, the flow's has too.
    const observer = new BroadcastChannel(CHANNEL_PREFIX + state);
    const delivered = new Promise((resolve) => (observer.onmessage = resolve));
    channel.postMessage({ type: CALLBACK_MESSAGE_TYPE, state }); // the real completion, while that request runs
    await delivered;
    observer.close();
    await rec.next('confirming');
    // The first answer was sent before the session completed: still pending.
    answers[0]!.resolve(pendingSession(created.body()));
    await waitUntil(() => answers.length === 2, 'a hint newer than the answer asks again at once');
    answers[1]!.resolve(pendingSession(created.body(), COMPLETED));
    const outcome = await flow.done;
    expect(outcome.status).to.equal('connected');
    channel.close();
  });

  it('ignores a channel message with another state', async () => {
    const t = await waitingFlow();
    flow = t.flow;
    const channel = new BroadcastChannel(CHANNEL_PREFIX + t.state);
    const listener = new BroadcastChannel(CHANNEL_PREFIX + t.state);
    const heard = new Promise((resolve) => (listener.onmessage = resolve));
    channel.postMessage({ type: CALLBACK_MESSAGE_TYPE, state: 'B'.repeat(43) });
    await heard;
    channel.close();
    listener.close();
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting']);
  });
});
