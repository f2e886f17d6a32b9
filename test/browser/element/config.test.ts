import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import type { FailedEvent } from '../../../src/element/events.js';
import { CALLBACK_PAGE, fakeBackend, nextState, part, recordOutcomes, statusText, spyOnWindowOpen } from './helpers.js';
import { userClick } from '../support/user-input.js';
import { inClick } from '../support/user-input.js';

describe('<metorial-connect> configuration', () => {
  const opened = spyOnWindowOpen();

  it('sends attributes as the create body, with the callback url and the flow state as redirect_url', async () => {
    const backend = fakeBackend();
    backend.hold();
    const el = await fixture<MetorialConnect>(html`<metorial-connect
      provider-id="pro_github"
      endpoint="/unused"
      callback-url=${CALLBACK_PAGE}
      name="Work GitHub"
      description="For the CI bot"
      metadata='{"team":"ci","seats":3}'
      provider-deployment-id="pde_1"
      provider-auth-method-id="pam_2"
      provider-auth-credentials-id="par_3"
      .createSession=${backend.createSession}
      .getSession=${backend.getSession}
    ></metorial-connect>`);
    const cancelled = new Promise((resolve) => el.addEventListener('cancelled', resolve));

    await userClick(part(el, 'button'));

    await waitUntil(() => backend.createSession.called, 'createSession was not called');
    expect(backend.createSession.callCount).to.equal(1);
    const { redirect_url, ...body } = backend.createSession.firstCall.args[0];
    expect(body).to.deep.equal({
      provider_id: 'pro_github',
      name: 'Work GitHub',
      description: 'For the CI bot',
      metadata: { team: 'ci', seats: 3 },
      provider_deployment_id: 'pde_1',
      provider_auth_method_id: 'pam_2',
      provider_auth_credentials_id: 'par_3',
    });
    const redirect = new URL(redirect_url!);
    expect(redirect.origin + redirect.pathname).to.equal(CALLBACK_PAGE);
    expect(redirect.searchParams.get('metorial_connect_state')).to.match(/^[\w-]{16,}$/);

    el.cancel();
    await cancelled;
  });

  it('takes metadata set as an object property (as React 19 and Vue do) into the create body', async () => {
    const backend = fakeBackend();
    backend.hold();
    const metadata = { team: 'ci', seats: 3, owner: { id: 'u_42', roles: ['admin'] } };
    const el = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" .metadata=${metadata}
      .createSession=${backend.createSession} .getSession=${backend.getSession}></metorial-connect>`);
    expect(el.hasAttribute('metadata'), 'a property, not an attribute').to.be.false;
    await inClick(() => el.connect());
    await waitUntil(() => backend.createSession.called, 'createSession was not called');
    expect(backend.createSession.firstCall.args[0]).to.deep.equal({ provider_id: 'pro_github', metadata });
    el.cancel();
  });

  it('leaves unset optional fields out of the create body', async () => {
    const backend = fakeBackend();
    backend.hold();
    const el = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_slack" .createSession=${backend.createSession} .getSession=${backend.getSession}></metorial-connect>`);
    await inClick(() => el.connect());
    await waitUntil(() => backend.createSession.called, 'createSession was not called');
    expect(backend.createSession.firstCall.args[0]).to.deep.equal({ provider_id: 'pro_slack' });
    el.cancel();
  });

  it('passes setup-origins, split on spaces and commas: a session page elsewhere is refused', async () => {
    const refused = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" setup-origins="https://a.example, https://b.example"
      .createSession=${fakeBackend().createSession} .getSession=${fakeBackend().getSession}></metorial-connect>`);
    const failed = nextState(refused, 'failed');
    await inClick(() => refused.connect());
    expect((await failed).error.code).to.equal('invalid_session');

    const backend = fakeBackend();
    const allowed = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" setup-origins=${`https://a.example,${location.origin} https://b.example`}
      .createSession=${backend.createSession} .getSession=${backend.getSession}></metorial-connect>`);
    const waiting = nextState(allowed, 'waiting');
    await inClick(() => allowed.connect());
    await waiting;
    allowed.cancel();
  });

  it('ui-mode overrides the ui_mode the session asks for', async () => {
    const backend = fakeBackend('iframe', 'token');
    const el = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" setup-origins=${location.origin}
      .createSession=${backend.createSession} .getSession=${backend.getSession}></metorial-connect>`);
    let waiting = nextState(el, 'waiting');
    await inClick(() => el.connect());
    expect((await waiting).mode, 'the session decides').to.equal('iframe');
    el.cancel();

    el.uiMode = 'popup';
    waiting = nextState(el, 'waiting');
    await inClick(() => el.connect());
    expect((await waiting).mode, 'the attribute decides').to.equal('popup');
    el.cancel();
  });

  const invalid: Array<[string, () => Promise<MetorialConnect>, RegExp]> = [
    ['metadata that is not JSON', () => fixture(html`<metorial-connect provider-id="pro_github" endpoint="/api/connect" metadata="{team: ci}"></metorial-connect>`), /metadata .*not valid JSON/],
    ['metadata that is not an object', () => fixture(html`<metorial-connect provider-id="pro_github" endpoint="/api/connect" metadata="[1,2]"></metorial-connect>`), /metadata .*JSON object/],
    ['a missing provider-id', () => fixture(html`<metorial-connect endpoint="/api/connect"></metorial-connect>`), /provider-id/],
    ['a missing endpoint', () => fixture(html`<metorial-connect provider-id="pro_github"></metorial-connect>`), /endpoint/],
    ['an unknown ui-mode', () => fixture(html`<metorial-connect provider-id="pro_github" endpoint="/api/connect" ui-mode="tab"></metorial-connect>`), /ui-mode/],
  ];
  for (const [what, make, message] of invalid) {
    it(`fails with invalid_config on ${what}, before opening anything`, async () => {
      const fetch = sinon.spy(window, 'fetch');
      const el = await make();
      const outcomes = recordOutcomes(el);
      const failedState = nextState(el, 'failed');

      await userClick(part(el, 'button'));

      const state = await failedState;
      expect(state.error.code).to.equal('invalid_config');
      expect(state.error.message).to.match(message);
      expect(outcomes).to.have.length(1);
      const [failed] = outcomes;
      expect(failed!.type).to.equal('failed');
      expect((failed!.detail as FailedEvent['detail']).error).to.deep.equal(state.error);
      expect(opened.spy.called, 'window.open').to.be.false;
      expect(fetch.called, 'fetch').to.be.false;
      await el.updateComplete;
      expect(statusText(el)).to.equal(state.error.message);
    });
  }
});
