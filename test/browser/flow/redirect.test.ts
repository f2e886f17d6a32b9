import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { resumeConnectFlow, startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { scenario, CALLBACK_PAGE, type Scenario } from '../support/backend.js';
import { fakePopup, recorder } from '../support/flow-helpers.js';
import { recordKey } from '../../../src/flow/redirect-store.js';

const KEY = recordKey({ providerId: 'pro_github' });

describe('flow engine: redirect mode', () => {
  const originalUrl = location.href;
  let flow: ConnectFlow | null | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
    sessionStorage.removeItem(KEY);
    history.replaceState(history.state, '', originalUrl);
  });

  /** Starts a redirect flow up to the (stubbed) navigation; returns what it stored. */
  async function startRedirect(backend: Scenario) {
    const navigate = sinon.spy();
    const open = sinon.spy(window, 'open');
    const rec = recorder();
    const started = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, uiMode: 'redirect', navigate, onStateChange: rec.onStateChange });
    const waiting = await rec.next('waiting');
    started.dispose(); // the page would be gone now
    return { navigate, open, waiting, record: JSON.parse(sessionStorage.getItem(KEY)!) };
  }

  it('start stores the state and navigates the page to the session url; redirect_url is this page + state', async () => {
    const backend = await scenario();
    const { navigate, open, waiting, record } = await startRedirect(backend);
    expect(waiting.mode).to.equal('redirect');
    expect(open.called, 'no popup in redirect mode').to.be.false;
    const { session, requests } = await backend.read();
    expect(navigate.calledOnceWithExactly(session.url)).to.be.true;
    expect(record).to.deep.include({ sessionId: session.id, returnUrl: location.href });
    expect(record.state).to.match(/^[\w-]{43}$/);
    const redirect = new URL(requests[0]!.body.redirect_url);
    expect(redirect.searchParams.get('metorial_connect_state')).to.equal(record.state);
    expect(redirect.pathname).to.equal(location.pathname);
  });

  it('resume confirms with the backend, clears storage and removes only its parameter', async () => {
    const backend = await scenario();
    const { record } = await startRedirect(backend);
    await backend.update({ status: 'completed' });
    history.replaceState(history.state, '', `${originalUrl}${originalUrl.includes('?') ? '&' : '?'}keep=1&metorial_connect_state=${record.state}#section`);
    const before = new URL(location.href);
    const rec = recorder();
    flow = resumeConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, onStateChange: rec.onStateChange });
    expect(flow).to.not.equal(null);
    const after = new URL(location.href);
    expect(after.searchParams.has('metorial_connect_state')).to.be.false;
    expect(after.searchParams.get('keep')).to.equal('1');
    before.searchParams.delete('metorial_connect_state');
    expect(after.href).to.equal(before.href);
    expect(after.hash).to.equal('#section');
    expect(sessionStorage.getItem(KEY)).to.equal(null);
    const outcome = await flow!.done;
    expect(outcome.status).to.equal('connected');
    // (busy while it reads the session back, reported after resumeConnectFlow returned)
    expect(rec.statuses()).to.deep.equal(['creating', 'connected']);
    const gets = (await backend.read()).requests.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.path)).to.deep.equal([`${backend.endpoint}/${record.sessionId}`]);
  });

  it('resume of a failed session ends in session_failed', async () => {
    const backend = await scenario();
    const { record } = await startRedirect(backend);
    await backend.update({ status: 'failed' });
    history.replaceState(history.state, '', `?metorial_connect_state=${record.state}`);
    flow = resumeConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint });
    const outcome = await flow!.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('session_failed');
  });

  it('a tampered or unknown state is ignored: null, storage and URL untouched', async () => {
    const backend = await scenario();
    const { record } = await startRedirect(backend);
    const fetchSpy = sinon.spy(window, 'fetch');
    history.replaceState(history.state, '', `?metorial_connect_state=${'X'.repeat(43)}`);
    expect(resumeConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint })).to.equal(null);
    expect(location.search).to.equal(`?metorial_connect_state=${'X'.repeat(43)}`);
    expect(JSON.parse(sessionStorage.getItem(KEY)!).state).to.equal(record.state);
    // another provider's element on the same page has nothing stored
    history.replaceState(history.state, '', `?metorial_connect_state=${record.state}`);
    expect(resumeConnectFlow({ providerId: 'pro_slack', endpoint: backend.endpoint })).to.equal(null);
    // no state in the URL at all
    history.replaceState(history.state, '', originalUrl);
    expect(resumeConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint })).to.equal(null);
    expect(fetchSpy.called).to.be.false;
  });

  it('a record is found only by a flow with the same options: another element of the same provider (other metadata) gets nothing and leaves it', async () => {
    const backend = await scenario();
    const navigate = sinon.spy();
    const rec = recorder();
    const work = { name: 'GitHub (work)', metadata: { workspace: 'work' } };
    const personal = { name: 'GitHub (personal)', metadata: { workspace: 'personal' } };
    const started = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, uiMode: 'redirect', session: personal, navigate, onStateChange: rec.onStateChange });
    await rec.next('waiting');
    started.dispose();
    const personalKey = recordKey({ providerId: 'pro_github', session: personal });
    const record = JSON.parse(sessionStorage.getItem(personalKey)!);
    try {
      expect(sessionStorage.getItem(KEY), 'nothing under the bare provider id').to.equal(null);
      await backend.update({ status: 'completed' });
      history.replaceState(history.state, '', `?metorial_connect_state=${record.state}`);
      const fetchSpy = sinon.spy(window, 'fetch');
      // The page's elements resume in document order: "work" first, then a bare one.
      expect(resumeConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, session: work })).to.equal(null);
      expect(resumeConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint })).to.equal(null);
      expect(fetchSpy.called, 'no element but the owner asks the backend').to.be.false;
      expect(location.search, 'the state stays for the owner').to.equal(`?metorial_connect_state=${record.state}`);
      expect(JSON.parse(sessionStorage.getItem(personalKey)!)).to.deep.equal(record);

      flow = resumeConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, session: personal });
      expect(flow).to.not.equal(null);
      expect(sessionStorage.getItem(personalKey)).to.equal(null);
      const outcome = await flow!.done;
      expect(outcome.status).to.equal('connected');
      expect(outcome.session!.id).to.equal(record.sessionId);
    } finally {
      sessionStorage.removeItem(personalKey);
    }
  });

  it('resume only asks the backend about the stored session id; an unknown one fails', async () => {
    const backend = await scenario();
    const { record } = await startRedirect(backend);
    sessionStorage.setItem(KEY, JSON.stringify({ ...record, sessionId: 'pas_someone_else' }));
    history.replaceState(history.state, '', `?metorial_connect_state=${record.state}`);
    flow = resumeConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint });
    const outcome = await flow!.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('backend_error');
  });

  it('a session-chosen redirect returns through the callback page: redirect_url is the callbackUrl', async () => {
    const backend = await scenario({ session: { ui_mode: 'redirect' } });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const navigate = sinon.spy();
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, navigate, onStateChange: rec.onStateChange });
    expect((await rec.next('waiting')).mode).to.equal('redirect');
    expect(popup.closed, 'the speculative popup is closed').to.be.true;
    const { requests, session } = await backend.read();
    expect(new URL(requests[0]!.body.redirect_url).pathname).to.equal(CALLBACK_PAGE);
    expect(navigate.calledOnceWithExactly(session.url)).to.be.true;
    expect(JSON.parse(sessionStorage.getItem(KEY)!).returnUrl).to.equal(location.href);
  });

  it('a session-chosen redirect without a callbackUrl is shown in the popup instead', async () => {
    const backend = await scenario({ session: { ui_mode: 'redirect' } });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const navigate = sinon.spy();
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, navigate, onStateChange: rec.onStateChange });
    expect((await rec.next('waiting')).mode).to.equal('popup');
    expect(navigate.called).to.be.false;
    expect(popup.navigations).to.have.length(1);
  });

  it('resume of a still-pending session keeps confirming (the return is a hint), then fails unconfirmed, never cancelled', async () => {
    const backend = await scenario();
    const { record } = await startRedirect(backend);
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    history.replaceState(history.state, '', `?metorial_connect_state=${record.state}`);
    const rec = recorder();
    flow = resumeConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, timing: { closeGraceMs: 1000, confirmMs: 10_000 }, onStateChange: rec.onStateChange });
    await rec.next('confirming');
    await clock.tickAsync(9_999);
    expect(flow!.state.status, 'no grace period ends it').to.equal('confirming');
    await clock.tickAsync(1); // the confirmation window ends: a last check (real I/O) says pending
    const outcome = await flow!.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('unconfirmed');
    expect(rec.statuses()).to.deep.equal(['creating', 'confirming', 'failed']);
  });

  it('resume reports a busy state before its first request, but never synchronously inside resumeConnectFlow', async () => {
    const backend = await scenario();
    const { record } = await startRedirect(backend);
    await backend.update({ status: 'completed' });
    history.replaceState(history.state, '', `?metorial_connect_state=${record.state}`);
    const fetchSpy = sinon.spy(window, 'fetch');
    const rec = recorder();
    let requestsWhenBusy = -1;
    flow = resumeConnectFlow({
      providerId: 'pro_github',
      endpoint: backend.endpoint,
      onStateChange: (state) => {
        if (state.status === 'creating') requestsWhenBusy = fetchSpy.callCount;
        rec.onStateChange(state);
      },
    });
    expect(rec.statuses(), 'nothing reported before resumeConnectFlow returned').to.deep.equal([]);
    expect((await flow!.done).status).to.equal('connected');
    expect(rec.statuses()).to.deep.equal(['creating', 'connected']);
    expect(requestsWhenBusy, 'busy before the first request').to.equal(0);
  });
});
