import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type FlowOutcome } from '../../../src/flow/index.js';
import type { CreateSessionBody } from '../../../src/shared/session.js';
import { scenario, CALLBACK_PAGE, type Reply } from '../support/backend.js';
import { fakePopup, pendingSession, recorder } from '../support/flow-helpers.js';

function expectFailure(outcome: FlowOutcome, code: string, message?: string) {
  expect(outcome.status).to.equal('failed');
  if (outcome.status !== 'failed') return;
  expect(outcome.error.code).to.equal(code);
  if (message) expect(outcome.error.message).to.equal(message);
  expect(outcome.error.message).to.not.match(/undefined|Error|at \w/);
}

describe('flow engine: configuration', () => {
  afterEach(() => sinon.restore());

  it('fails with invalid_config naming the missing providerId, through done, opening nothing', async () => {
    const open = sinon.spy(window, 'open');
    const rec = recorder();
    const flow = startConnectFlow({ providerId: '', endpoint: '/fake-backend/x', onStateChange: rec.onStateChange });
    expectFailure(await flow.done, 'invalid_config');
    expect(flow.state.status === 'failed' && flow.state.error.message).to.include('providerId');
    expect(rec.statuses()).to.deep.equal(['failed']);
    expect(open.called).to.be.false;
  });

  it('fails with invalid_config naming the missing endpoint', async () => {
    const open = sinon.spy(window, 'open');
    const outcome = await startConnectFlow({ providerId: 'pro_github' }).done;
    expectFailure(outcome, 'invalid_config');
    expect(outcome.status === 'failed' && outcome.error.message).to.include('endpoint');
    expect(open.called).to.be.false;
  });

  for (const callbackUrl of ['javascript:alert(1)', 'data:text/html,hi']) {
    it(`refuses a callbackUrl that is not an http(s) page: ${callbackUrl}`, async () => {
      const open = sinon.spy(window, 'open');
      const createSession = sinon.spy(async (b: CreateSessionBody) => pendingSession(b));
      const flow = startConnectFlow({ providerId: 'pro_github', callbackUrl, createSession, getSession: async () => ({}) });
      expectFailure(await flow.done, 'invalid_config');
      expect(open.called || createSession.called, 'nothing opened or created').to.be.false;
    });
  }

  it('uses createSession / getSession instead of HTTP when given', async () => {
    const fetchSpy = sinon.spy(window, 'fetch');
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const backend = await scenario({ session: { status: 'completed' } });
    fetchSpy.resetHistory();
    const createSession = sinon.spy(async (body: unknown, signal: AbortSignal) => {
      expect(signal).to.be.instanceOf(AbortSignal);
      const r = await fetch(backend.endpoint, { method: 'POST', body: JSON.stringify(body) });
      return r.json();
    });
    const outcome = await startConnectFlow({ providerId: 'pro_github', createSession, getSession: async () => null }).done;
    expect(outcome.status).to.equal('connected');
    expect(createSession.firstCall.args[0]).to.deep.include({ provider_id: 'pro_github' });
    expect(fetchSpy.callCount, "only the host's createSession fetched; the engine itself sent nothing").to.equal(1);
  });
});

describe('flow engine: backend answers', () => {
  afterEach(() => sinon.restore());

  async function createWith(reply: Reply | undefined, session?: Record<string, unknown>, extra = {}) {
    const backend = await scenario({ create: reply, session });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, ...extra });
    const outcome = await flow.done;
    return { outcome, popup, backend };
  }

  it('sends the create body as JSON with the connect header', async () => {
    const backend = await scenario();
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const rec = recorder();
    const flow = startConnectFlow({
      providerId: 'pro_github',
      endpoint: backend.endpoint,
      callbackUrl: CALLBACK_PAGE,
      session: { name: 'GitHub', metadata: { user: 'u_1' } },
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    const [create] = (await backend.read()).requests;
    expect(create).to.deep.include({ method: 'POST', connectHeader: '1', contentType: 'application/json' });
    expect(create!.body).to.deep.include({ provider_id: 'pro_github', name: 'GitHub', metadata: { user: 'u_1' } });
    flow.dispose();
  });

  it('4xx: backend_error with the host’s message; the blank popup is closed, never navigated', async () => {
    const { outcome, popup } = await createWith({ status: 403, json: { error: { code: 'forbidden', message: 'You cannot connect GitHub.' } } });
    expectFailure(outcome, 'backend_error', 'You cannot connect GitHub.');
    expect(popup.navigations).to.deep.equal([]);
    expect(popup.closeCalls).to.be.greaterThan(0);
  });

  it('5xx without a host error body: backend_error in plain words', async () => {
    const { outcome, popup } = await createWith({ status: 502, text: '<html>Bad gateway</html>' });
    expectFailure(outcome, 'backend_error', 'The server could not start the connection. Please try again.');
    expect(popup.closed).to.be.true;
  });

  it('non-JSON success: invalid_session', async () => {
    const { outcome, popup } = await createWith({ status: 200, text: 'hello' });
    expectFailure(outcome, 'invalid_session');
    expect(popup.navigations).to.deep.equal([]);
  });

  it('wrong shape: invalid_session', async () => {
    const { outcome } = await createWith({ status: 200, json: { id: 'pas_1', status: 'pending' } });
    expectFailure(outcome, 'invalid_session');
  });

  it('a session of another provider: invalid_session', async () => {
    const { outcome, popup } = await createWith(undefined, { provider_id: 'pro_other' });
    expectFailure(outcome, 'invalid_session');
    expect(popup.navigations).to.deep.equal([]);
  });

  it('a fetch failure: network', async () => {
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const outcome = await startConnectFlow({ providerId: 'pro_github', endpoint: 'http://127.0.0.1:1/nothing' }).done;
    expectFailure(outcome, 'network');
  });

  it('a request that does not answer in time: network, and the request is aborted', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const backend = await scenario({ create: { hang: true } });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const fetchSpy = sinon.spy(window, 'fetch');
    const flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, timing: { requestMs: 5000 } });
    await clock.tickAsync(4999);
    expect(flow.state.status).to.equal('creating');
    await clock.tickAsync(1);
    expectFailure(await flow.done, 'network');
    const signal = fetchSpy.firstCall.args[1]!.signal!;
    expect(signal.aborted).to.be.true;
    expect(popup.closed).to.be.true;
  });

  it('dispose() while creating aborts the request, closes the popup and reports nothing more', async () => {
    const backend = await scenario({ create: { hang: true } });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const fetchSpy = sinon.spy(window, 'fetch');
    const rec = recorder();
    const flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, onStateChange: rec.onStateChange });
    expect(flow.state.status).to.equal('creating');
    const request = fetchSpy.firstCall.returnValue;
    flow.dispose();
    expect(fetchSpy.firstCall.args[1]!.signal!.aborted).to.be.true;
    expect(popup.closed).to.be.true;
    await request.catch(() => undefined); // the aborted request settles…
    await backend.read(); // (a real round trip: every pending microtask has run by now)
    expect(rec.statuses(), '…and nothing more is reported').to.deep.equal(['creating']);
    expect(flow.state.status).to.equal('creating');
  });

  it('a session already completed at creation connects without navigating the popup', async () => {
    const { outcome, popup } = await createWith(undefined, { status: 'completed' });
    expect(outcome.status).to.equal('connected');
    expect(popup.navigations).to.deep.equal([]);
    expect(popup.closed).to.be.true;
  });

  const unsafe: Array<[string, string, string[]?]> = [
    ['javascript:', 'javascript:alert(document.domain)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['relative', '/test/browser/support/setup.html'],
    ['plain http off loopback', 'http://provider.example.com/setup'],
    ['off the allow-list', 'https://evil.example.com/setup', ['https://provider.metorial.com']],
    ['loopback but off the allow-list', '{origin}/test/browser/support/setup.html', ['https://provider.metorial.com']],
  ];
  for (const [name, url, setupOrigins] of unsafe) {
    it(`never opens an unsafe session url (${name}): invalid_session`, async () => {
      const { outcome, popup } = await createWith(undefined, { url }, setupOrigins ? { setupOrigins } : {});
      expectFailure(outcome, 'invalid_session');
      expect(popup.navigations).to.deep.equal([]);
      expect(popup.closeCalls).to.be.greaterThan(0);
    });
  }

  it('opens a url on the allow-list (control for the cases above)', async () => {
    const backend = await scenario({ session: { url: 'https://provider.metorial.com/setup/pas_1?client_secret=x' } });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const rec = recorder();
    const flow = startConnectFlow({
      providerId: 'pro_github',
      endpoint: backend.endpoint,
      callbackUrl: CALLBACK_PAGE,
      setupOrigins: ['https://provider.metorial.com'],
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    expect(popup.navigations).to.deep.equal(['https://provider.metorial.com/setup/pas_1?client_secret=x']);
    flow.dispose();
  });
});
