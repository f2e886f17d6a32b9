/** Back from a redirect-mode setup page, the outcome reaches exactly the element that started
 *  the flow: two elements for the same provider (other name and metadata) never see each
 *  other's outcome. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { ConnectedEvent } from '../../../src/element/events.js';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import { STATE_PARAM } from '../../../src/shared/protocol.js';
import { backFromRedirect, fakeBackend, nextState, popupElement, recordOutcomes, spyOnWindowOpen, statusText } from './helpers.js';
import { inClick } from '../support/user-input.js';

describe('<metorial-connect> redirect mode, two elements of one provider', () => {
  spyOnWindowOpen();
  const work = { name: 'GitHub (work)', metadata: { workspace: 'work' } };
  const personal = { name: 'GitHub (personal)', metadata: { workspace: 'personal' } };

  const page = (backend: ReturnType<typeof fakeBackend>) =>
    fixture<HTMLDivElement>(html`<div>
      <metorial-connect id="work" provider-id="pro_github" provider-name="GitHub (work)" name=${work.name}
        metadata=${JSON.stringify(work.metadata)} ui-mode="redirect" .createSession=${backend.createSession} .getSession=${backend.getSession}></metorial-connect>
      <metorial-connect id="personal" provider-id="pro_github" provider-name="GitHub (personal)" name=${personal.name}
        metadata=${JSON.stringify(personal.metadata)} ui-mode="redirect" .createSession=${backend.createSession} .getSession=${backend.getSession}></metorial-connect>
    </div>`);

  for (const [owner, other] of [
    ['personal', 'work'],
    ['work', 'personal'],
  ] as const) {
    it(`the ${owner} element (second or first on the page) gets its outcome; the ${other} one stays idle`, async () => {
      const backend = fakeBackend();
      const fields = owner === 'work' ? work : personal;
      const session = (await backend.createSession({ provider_id: 'pro_github', ...fields }, new AbortController().signal)) as { id: string };
      const authConfig = backend.complete(session.id);
      const restore = backFromRedirect(session.id, `${owner}-state-0123456789abcdefghijklmnopqrstu`, 'pro_github', fields);
      try {
        // (Listening on the document: the elements resume as they first render, inside fixture().)
        const connectedEvent = oneEvent(document, 'connected') as Promise<ConnectedEvent>;
        const outcomes = recordOutcomes(document);
        const states: Array<[string, string]> = [];
        const onState = (e: Event) => states.push([(e.target as Element).id, (e as CustomEvent).detail.state.status]);
        document.addEventListener('statechange', onState);
        const root = await page(backend);
        const mine = root.querySelector<MetorialConnect>(`#${owner}`)!;
        const theirs = root.querySelector<MetorialConnect>(`#${other}`)!;
        const connected = await connectedEvent;
        document.removeEventListener('statechange', onState);
        expect(connected.target).to.equal(mine);
        expect(connected.detail.authConfig).to.deep.equal(authConfig);
        expect(connected.detail.authConfig.metadata).to.deep.equal(fields.metadata);
        await mine.updateComplete;
        await theirs.updateComplete;
        expect(statusText(mine)).to.equal(`Connected to GitHub (${owner})`);
        expect(statusText(theirs), 'the other element says nothing').to.equal('');
        expect(outcomes.map((o) => [(o.target as Element).id, o.type])).to.deep.equal([[owner, 'connected']]);
        expect(states.filter(([id]) => id === other), 'the other element never started').to.deep.equal([]);
        expect(backend.getSession.callCount, 'one read, by the owner').to.equal(1);
        expect(new URL(location.href).searchParams.has(STATE_PARAM)).to.be.false;
      } finally {
        restore();
      }
    });
  }

  it('a record no element on the page owns is left alone: every element stays idle', async () => {
    const backend = fakeBackend();
    const session = (await backend.createSession({ provider_id: 'pro_github' }, new AbortController().signal)) as { id: string };
    backend.complete(session.id);
    const restore = backFromRedirect(session.id, 'nobody-state-0123456789abcdefghijklmnopqrstu', 'pro_github', { metadata: { workspace: 'gone' } });
    try {
      const outcomes = recordOutcomes(document);
      const root = await page(backend);
      for (const el of root.querySelectorAll('metorial-connect')) await el.updateComplete;
      expect(outcomes).to.deep.equal([]);
      expect(backend.getSession.called).to.be.false;
      expect(new URL(location.href).searchParams.has(STATE_PARAM), 'the state stays in the address').to.be.true;
    } finally {
      restore();
    }
  });

  it('an element that owns nothing, used while a state is still in the address, emits each of its outcomes', async () => {
    const backend = fakeBackend();
    const restore = backFromRedirect('pas_nobody', 'unowned-state-0123456789abcdefghijklmnopqrs', 'pro_github', { metadata: { workspace: 'gone' } });
    try {
      const el = await fixture<MetorialConnect>(popupElement(backend));
      for (let round = 0; round < 2; round++) {
        const cancelled = oneEvent(el, 'cancelled');
        const waiting = nextState(el, 'waiting');
        await inClick(() => el.connect());
        await waiting;
        el.cancel();
        expect((await cancelled).detail.reason).to.equal('cancelled');
        await el.updateComplete; // (an update after the outcome must not take the flow's event away)
      }
      expect(new URL(location.href).searchParams.has(STATE_PARAM), 'the state stays for its owner').to.be.true;
    } finally {
      restore();
    }
  });
});
