/** In-page mode and OAuth: the setup page of an OAuth session takes its own window to the
 *  provider, whose consent page refuses framing, so the engine never gives its url to a frame
 *  host. The host shows "Continue to …" instead, whose click opens the page in a popup. */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { CALLBACK_MESSAGE_TYPE } from '../../../src/shared/protocol.js';
import { CALLBACK_PAGE } from '../support/backend.js';
import { COMPLETED, fakeFrameHost, pendingSession, popupShows, recordingCreate, recorder } from '../support/flow-helpers.js';
import { inClick } from '../support/user-input.js';

const method = (type: string) => ({ auth_method: { object: 'provider.capabilities.auth_method', id: 'pam_1', type } });

describe('flow engine: in-page mode by auth method', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  async function framedFlow(type: string) {
    const frames = fakeFrameHost();
    const created = recordingCreate();
    let completed = false;
    const rec = recorder();
    const open = sinon.spy(window, 'open');
    flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'iframe',
      frameHost: frames.host,
      callbackUrl: CALLBACK_PAGE,
      createSession: async (body) => ({ ...(await created.createSession(body)), ...method(type) }),
      getSession: async () => ({ ...pendingSession(created.body(), completed ? COMPLETED : {}), ...method(type) }),
      onStateChange: rec.onStateChange,
    });
    await rec.next('waiting');
    return { frames, rec, flow, open, state: created.state(), complete: () => (completed = true) };
  }

  for (const type of ['token', 'custom']) {
    it(`a ${type} session's form is framed: the frame host gets its url, no popup opens`, async () => {
      const t = await framedFlow(type);
      expect(t.frames.calls.map((c) => c.url)).to.deep.equal([pendingSession({ provider_id: 'pro_github' }).url]);
      expect(t.open.called).to.be.false;
      expect(t.flow.state).to.deep.include({ status: 'waiting', mode: 'iframe' });
    });
  }

  it("an OAuth session's url never reaches the frame host; onPopOut (the Continue click) opens it in a popup, where the flow connects", async () => {
    const t = await framedFlow('oauth');
    expect(t.frames.calls.map((c) => c.url), 'an empty url: nothing to frame').to.deep.equal(['']);
    expect(t.open.called, 'no popup before the click').to.be.false;
    expect(t.flow.state).to.deep.include({ status: 'waiting', mode: 'iframe' });

    await inClick(() => t.frames.calls[0]!.events.onPopOut()); // the user's click on "Continue to GitHub"
    expect(t.open.calledOnce, 'opened inside the click').to.be.true;
    await popupShows(t.open.firstCall.returnValue!, pendingSession({ provider_id: 'pro_github' }).url); // (the full url, only to the popup)
    expect(t.frames.closedCount(), 'the dialog is closed').to.equal(1);
    expect(t.flow.state).to.deep.include({ status: 'waiting', mode: 'popup' });

    const popup = t.open.firstCall.returnValue!;
    t.complete();
    window.dispatchEvent(new MessageEvent('message', { data: { type: CALLBACK_MESSAGE_TYPE, state: t.state }, origin: location.origin, source: popup }));
    expect((await t.flow.done).status).to.equal('connected');
    expect(t.rec.statuses()).to.deep.equal(['creating', 'waiting', 'waiting', 'confirming', 'connected']);
  });

  it('a blocked popup at Continue leaves the dialog and the flow as they were', async () => {
    const t = await framedFlow('oauth');
    t.open.restore();
    const open = sinon.stub(window, 'open').returns(null);
    await inClick(() => t.frames.calls[0]!.events.onPopOut());
    expect(open.calledOnce).to.be.true;
    expect(t.frames.closedCount(), 'the dialog stays').to.equal(0);
    expect(t.flow.state).to.deep.include({ status: 'waiting', mode: 'iframe' });
    // The user allows popups and clicks again: on it goes.
    open.restore();
    const again = sinon.spy(window, 'open');
    await inClick(() => t.frames.calls[0]!.events.onPopOut());
    expect(again.calledOnce).to.be.true;
    expect(t.flow.state).to.deep.include({ status: 'waiting', mode: 'popup' });
    again.firstCall.returnValue?.close();
  });
});
