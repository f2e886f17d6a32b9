import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow, type FrameHost } from '../../../src/flow/index.js';
import { CALLBACK_MESSAGE_TYPE, CHANNEL_PREFIX, STATE_PARAM } from '../../../src/shared/protocol.js';
import type { CreateSessionBody } from '../../../src/shared/session.js';
import { fakePopup, recorder } from '../support/flow-helpers.js';

const SETUP_URL = `${location.origin}/test/browser/support/setup.html?client_secret=pas_secret_xyz`;

function pendingSession(body: CreateSessionBody, patch: Record<string, unknown> = {}) {
  return {
    object: 'provider.setup_session',
    id: 'pas_review',
    status: 'pending',
    url: SETUP_URL,
    provider_id: body.provider_id,
    ui_mode: 'popup',
    redirect_url: body.redirect_url ?? null,
    auth_config: null,
    expires_at: new Date(Date.now() + 30 * 60_000).toISOString(),
    ...patch,
  };
}

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('flow engine: hints racing requests, secrets in states, callback urls', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  it('a completion hint that arrives while a request is in flight is confirmed by a fresh request', async () => {
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    let body!: CreateSessionBody;
    const answers: Array<ReturnType<typeof deferred<unknown>>> = [];
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      callbackUrl: '/test/browser/support/callback.html',
      createSession: async (b) => ((body = b), pendingSession(b)),
      getSession: () => {
        const answer = deferred<unknown>();
        answers.push(answer);
        return answer.promise;
      },
      onStateChange: rec.onStateChange,
      timing: { pollMs: 600_000, pollMaxMs: 600_000 }, // no poll comes to the rescue in this test
    });
    await rec.next('waiting');
    const state = new URL(body.redirect_url!).searchParams.get(STATE_PARAM)!;
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
    answers[0]!.resolve(pendingSession(body));
    await waitUntil(() => answers.length === 2, 'a hint newer than the answer asks again at once');
    answers[1]!.resolve(pendingSession(body, { status: 'completed', auth_config: { object: 'provider.auth_config', id: 'pac_1' } }));
    const outcome = await flow.done;
    expect(outcome.status).to.equal('connected');
    channel.close();
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
    expect(popup.navigations).to.deep.equal([SETUP_URL]);
    expect(waiting.session.url).to.equal(SETUP_URL.split('?')[0]);
    flow.cancel();
    const outcome = await flow.done;
    expect(outcome.status).to.equal('cancelled');
    expect(JSON.stringify(rec.states)).to.not.contain('client_secret');
  });

  for (const callbackUrl of ['javascript:alert(1)', 'data:text/html,hi']) {
    it(`refuses a callbackUrl that is not an http(s) page: ${callbackUrl}`, async () => {
      const open = sinon.spy(window, 'open');
      const createSession = sinon.spy(async (b: CreateSessionBody) => pendingSession(b));
      flow = startConnectFlow({ providerId: 'pro_github', callbackUrl, createSession, getSession: async () => ({}) });
      const outcome = await flow.done;
      expect(outcome.status).to.equal('failed');
      expect(outcome.status === 'failed' && outcome.error.code).to.equal('invalid_config');
      expect(open.called || createSession.called, 'nothing opened or created').to.be.false;
    });
  }
});

describe('flow engine: dismiss, listeners that end the flow, host transport errors', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  /** A FrameHost that records what the engine does with it. */
  function frameHost() {
    const log = { opened: 0, closed: 0, events: undefined as undefined | { onLoad(): void; onDismiss(): void } };
    const host: FrameHost = {
      open(_url, events) {
        log.opened++;
        log.events = events;
        return { window: null, close: () => void log.closed++ };
      },
    };
    return { host, log };
  }

  it('dismissing a frame that has not loaded yet ends in cancelled, even when the last check outlasts the load timer', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { host, log } = frameHost();
    const lastAnswer = deferred<unknown>();
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'iframe',
      frameHost: host,
      createSession: async (b) => pendingSession(b),
      getSession: () => lastAnswer.promise, // a slow backend
      onStateChange: rec.onStateChange,
      timing: { frameLoadMs: 400 },
    });
    await rec.next('waiting');
    log.events!.onDismiss(); // the user closes the dialog before the page loaded
    await clock.tickAsync(1000); // past the load timer, while the last check is still out
    expect(flow.state.status).to.equal('confirming');
    lastAnswer.resolve(pendingSession({ provider_id: 'pro_github' }));
    expect(await flow.done).to.include({ status: 'cancelled', reason: 'cancelled' });
  });

  it('a statechange listener that cancels on `waiting` stops the flow before the frame opens', async () => {
    const { host, log } = frameHost();
    const f: ConnectFlow = (flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'iframe',
      frameHost: host,
      createSession: async (b) => pendingSession(b),
      getSession: async () => pendingSession({ provider_id: 'pro_github' }),
      onStateChange: (s) => s.status === 'waiting' && f.cancel(),
    }));
    expect((await f.done).status).to.equal('cancelled');
    // The rest of the step ran in the same task as the listener: it is over by now.
    expect(log.opened, 'no frame opened after the flow ended').to.equal(0);
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

  it("a host transport's own error is not passed through: a stable code, none of its internals", async () => {
    const axiosLike = { code: 'ERR_BAD_RESPONSE', message: 'Request failed with status code 500', config: { headers: { Authorization: 'Bearer host_token' } } };
    flow = startConnectFlow({
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
});
