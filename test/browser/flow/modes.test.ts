import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { checkSetupUrl, startConnectFlow, toUiMode, type ConnectFlow } from '../../../src/flow/index.js';
import { scenario, CALLBACK_PAGE } from '../support/backend.js';
import { deferred, fakeFrameHost, fakePopup, pendingSession, recorder } from '../support/flow-helpers.js';

/** A token (form) auth method: its page is framed (an OAuth one's never is: see oauth-hand-off.test.ts). */
const TOKEN = { object: 'provider.capabilities.auth_method', id: 'pam_token', type: 'token' };

describe('flow engine: ui modes', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  it('maps ui_mode values onto popup / iframe / redirect', () => {
    const table: Array<[string | null | undefined, string]> = [
      ['popup', 'popup'],
      ['iframe', 'iframe'],
      ['embedded', 'iframe'],
      ['dashboard_embeddable', 'iframe'],
      ['redirect', 'redirect'],
      ['metorial_elements', 'popup'],
      ['REDIRECT', 'popup'],
      ['', 'popup'],
      [null, 'popup'],
      [undefined, 'popup'],
    ];
    for (const [input, mode] of table) expect(toUiMode(input), String(input)).to.equal(mode);
  });

  it('checkSetupUrl accepts https and loopback http only', () => {
    expect(checkSetupUrl('https://provider.metorial.com/setup')).to.be.true;
    expect(checkSetupUrl('http://localhost:3000/setup')).to.be.true;
    expect(checkSetupUrl('http://127.0.0.5/setup')).to.be.true;
    expect(checkSetupUrl('http://[::1]:8080/setup')).to.be.true;
    expect(checkSetupUrl('http://localhost.evil.com/setup')).to.be.false;
    expect(checkSetupUrl('http://127.0.0.1.evil.com/setup')).to.be.false;
    expect(checkSetupUrl('//provider.metorial.com/setup')).to.be.false;
    expect(checkSetupUrl('ftp://provider.metorial.com/setup')).to.be.false;
    expect(checkSetupUrl('https://provider.metorial.com/x', ['https://provider.metorial.com/'])).to.be.true;
    expect(checkSetupUrl('https://provider.metorial.com.evil.com/x', ['https://provider.metorial.com'])).to.be.false;
  });

  it('closes the speculative popup when the session asks for an iframe', async () => {
    const backend = await scenario({ session: { ui_mode: 'dashboard_embeddable', auth_method: TOKEN } });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const frames = fakeFrameHost();
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, frameHost: frames.host, onStateChange: rec.onStateChange });
    const waiting = await rec.next('waiting');
    expect(waiting.mode).to.equal('iframe');
    expect(popup.closed).to.be.true;
    expect(popup.navigations).to.deep.equal([]);
    expect(frames.calls.map((c) => c.url)).to.deep.equal([(await backend.read()).session.url]);
  });

  it('falls back to the popup for an iframe session without a frameHost', async () => {
    const backend = await scenario({ session: { ui_mode: 'iframe' } });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, callbackUrl: CALLBACK_PAGE, onStateChange: rec.onStateChange });
    expect((await rec.next('waiting')).mode).to.equal('popup');
    expect(popup.navigations).to.have.length(1);
  });

  it('uiMode overrides the session: iframe opens no popup at all', async () => {
    const backend = await scenario({ session: { ui_mode: 'popup' } });
    const open = sinon.spy(window, 'open');
    const frames = fakeFrameHost();
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, uiMode: 'iframe', frameHost: frames.host, onStateChange: rec.onStateChange });
    expect((await rec.next('waiting')).mode).to.equal('iframe');
    expect(open.called).to.be.false;
    expect(frames.calls).to.have.length(1);
  });

  it('uiMode popup overrides a session asking for a redirect', async () => {
    const backend = await scenario({ session: { ui_mode: 'redirect' } });
    const popup = fakePopup();
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    const navigate = sinon.spy();
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, uiMode: 'popup', callbackUrl: CALLBACK_PAGE, navigate, onStateChange: rec.onStateChange });
    expect((await rec.next('waiting')).mode).to.equal('popup');
    expect(navigate.called).to.be.false;
    expect(popup.navigations).to.have.length(1);
  });
});

describe('flow engine: iframe mode', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  it('dismissing the frame ends in cancelled (reason cancelled) and removes it', async () => {
    const backend = await scenario();
    const frames = fakeFrameHost();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, uiMode: 'iframe', frameHost: frames.host });
    await waitUntil(() => frames.calls.length === 1);
    frames.calls[0]!.events.onDismiss();
    expect(await flow.done).to.include({ status: 'cancelled', reason: 'cancelled' });
    expect(frames.closedCount()).to.be.greaterThan(0);
    const { requests } = await backend.read();
    expect(requests.map((r) => r.method), 'a last check said pending').to.deep.equal(['POST', 'GET']);
  });

  it('dismissing the frame after the user finished, before the callback message came, closes it at once and connects', async () => {
    const backend = await scenario();
    const frames = fakeFrameHost();
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, uiMode: 'iframe', frameHost: frames.host, callbackUrl: CALLBACK_PAGE, onStateChange: rec.onStateChange });
    await rec.next('waiting');
    await backend.update({ status: 'completed' });

    frames.calls[0]!.events.onDismiss();

    expect(frames.closedCount(), 'the frame closes at once').to.equal(1);
    const outcome = await flow.done;
    expect(outcome.status).to.equal('connected');
    expect(rec.statuses()).to.deep.equal(['creating', 'waiting', 'confirming', 'connected']);
  });

  it('dismissing a frame that has not loaded yet ends in cancelled, even when the last check outlasts the load timer', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const frames = fakeFrameHost();
    const lastAnswer = deferred<unknown>();
    const rec = recorder();
    flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'iframe',
      frameHost: frames.host,
      createSession: async (b) => pendingSession(b),
      getSession: () => lastAnswer.promise, // a slow backend
      onStateChange: rec.onStateChange,
      timing: { frameLoadMs: 400 },
    });
    await rec.next('waiting');
    frames.calls[0]!.events.onDismiss(); // the user closes the dialog before the page loaded
    await clock.tickAsync(1000); // past the load timer, while the last check is still out
    expect(flow.state.status).to.equal('confirming');
    lastAnswer.resolve(pendingSession({ provider_id: 'pro_github' }));
    expect(await flow.done).to.include({ status: 'cancelled', reason: 'cancelled' });
  });

  it('a frame that does not load in time ends in iframe_failed; one that loads does not', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const [backend, other] = [await scenario({ session: { auth_method: TOKEN } }), await scenario({ session: { auth_method: TOKEN } })];
    const frames = fakeFrameHost();
    const rec = recorder();
    const recLoaded = recorder();
    const timing = { frameLoadMs: 8000 };
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, uiMode: 'iframe', frameHost: frames.host, timing, onStateChange: rec.onStateChange });
    const loaded = startConnectFlow({ providerId: 'pro_github', endpoint: other.endpoint, uiMode: 'iframe', frameHost: frames.host, timing, onStateChange: recLoaded.onStateChange });
    await Promise.all([rec.next('waiting'), recLoaded.next('waiting')]);
    expect(frames.calls).to.have.length(2);
    const otherUrl = (await other.read()).session.url;
    const loadedCall = frames.calls.find((c) => c.url === otherUrl)!;
    loadedCall.events.onLoad();
    await clock.tickAsync(7999);
    expect(flow.state.status).to.equal('waiting');
    await clock.tickAsync(1);
    const outcome = await flow.done;
    expect(outcome.status === 'failed' && outcome.error.code).to.equal('iframe_failed');
    expect(loaded.state.status).to.equal('waiting');
    loaded.dispose();
  });

  it('completes end to end in a real iframe: cross-origin setup page → callback page posts to its parent', async () => {
    const backend = await scenario({ session: { url: '{cross}/test/browser/support/setup.html?scenario={id}&act=complete', auth_method: TOKEN } });
    const frames = fakeFrameHost(true);
    const open = sinon.spy(window, 'open');
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, uiMode: 'iframe', frameHost: frames.host, callbackUrl: CALLBACK_PAGE });
    expect((await flow.done).status).to.equal('connected');
    expect(open.called).to.be.false;
    expect(frames.closedCount()).to.equal(1);
    expect(document.querySelector('iframe')).to.equal(null);
  });
});
