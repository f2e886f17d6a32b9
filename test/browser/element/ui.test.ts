import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { MetorialConnect } from '../../../src/element/metorial-connect.js';
import type { CancelledEvent, ConnectedEvent, FailedEvent, StateChangeEvent } from '../../../src/element/events.js';
import { CALLBACK_PAGE, backFromRedirect, sendPopupOn, buttonText, fakeBackend, nextState, part, recordOutcomes, statusText, spyOnWindowOpen, popupElement } from './helpers.js';
import { userClick } from '../support/user-input.js';
import { inClick } from '../support/user-input.js';
import { preferColorScheme, resetColorScheme, skipHere } from '../support/engine.js';

describe('<metorial-connect> UI', () => {
  const opened = spyOnWindowOpen();
  afterEach(async () => {
    await resetColorScheme();
  });

  it('labels the button with the label attribute, or with slotted content', async () => {
    const plain = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" endpoint="/api"></metorial-connect>`);
    expect(buttonText(plain)).to.equal('Connect');
    const labelled = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" endpoint="/api" label="Link GitHub"></metorial-connect>`);
    expect(buttonText(labelled)).to.equal('Link GitHub');
    const slotted = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" endpoint="/api"><b>Use GitHub</b></metorial-connect>`);
    const slot = part(slotted, 'button').querySelector('slot')!;
    expect(slot.assignedNodes().map((n) => n.textContent).join('')).to.equal('Use GitHub');
    await expect(slotted).to.be.accessible();
  });

  it('says Try again after a failure, in place of slotted content, and shows the slotted label again on a new start', async () => {
    const backend = fakeBackend();
    backend.hold();
    const el = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" ui-mode="popup"><b>Use GitHub</b></metorial-connect>`);
    const slot = () => part(el, 'button').querySelector('slot')!;
    await inClick(() => el.connect()); // no endpoint: invalid_config at once
    await el.updateComplete;
    expect(buttonText(el)).to.equal('Try again');
    expect(slot().assignedNodes(), 'the slotted label is not shown').to.have.length(0);

    el.createSession = backend.createSession;
    el.getSession = backend.getSession;
    const cancelled = oneEvent(el, 'cancelled');
    await inClick(() => el.connect());
    await el.updateComplete;
    expect(slot().assignedNodes().map((n) => n.textContent)).to.deep.equal(['Use GitHub']);
    el.cancel();
    await cancelled;
  });

  it('does nothing while disabled', async () => {
    const backend = fakeBackend();
    const el = await fixture<MetorialConnect>(html`<metorial-connect disabled provider-id="pro_github" .createSession=${backend.createSession} .getSession=${backend.getSession}></metorial-connect>`);
    const outcomes = recordOutcomes(el);
    expect(part(el, 'button').hasAttribute('disabled')).to.be.true;
    await inClick(() => el.connect());
    expect(opened.spy.called).to.be.false;
    expect(backend.createSession.called).to.be.false;
    expect(outcomes).to.deep.equal([]);
  });

  it('types its events: detail shapes are checked at compile time', async () => {
    const el = await fixture<MetorialConnect>(html`<metorial-connect></metorial-connect>`);
    const failed = oneEvent(el, 'failed') as Promise<FailedEvent>;
    // These lines are the test as much as the assertions: they do not compile if the map is wrong.
    el.addEventListener('connected', (e) => e.detail.authConfig.id satisfies string);
    el.addEventListener('cancelled', (e: CancelledEvent) => e.detail.reason satisfies 'closed' | 'cancelled');
    el.addEventListener('statechange', (e: StateChangeEvent) => e.detail.state.status satisfies string);
    // @ts-expect-error a connected event has no error
    el.addEventListener('connected', (e: ConnectedEvent) => e.detail.error);
    await inClick(() => el.connect());
    const event = await failed;
    expect(event.detail.error.code).to.equal('invalid_config');
  });

  it('fires bubbling events that stay inside the shadow root holding the element (not composed)', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const el = document.createElement('metorial-connect');
    root.append(el);
    const heardInside: EventTarget[] = [];
    root.addEventListener('failed', (e) => heardInside.push(e.target!));
    let heardOutside = false;
    host.addEventListener('failed', () => (heardOutside = true));
    await inClick(() => el.connect()); // no provider-id: fails at once
    expect(heardInside.length).to.equal(1);
    expect(heardInside[0] === el, 'heard from the element').to.be.true;
    expect(heardOutside).to.be.false;
  });

  const themes: Array<[string, string, 'light' | 'dark', string]> = [
    ['light theme', 'light', 'light', 'rgb(255, 255, 255)'],
    ['dark theme', 'dark', 'light', 'rgb(17, 24, 39)'],
    ['auto theme in a dark-preferring browser', 'auto', 'dark', 'rgb(17, 24, 39)'],
    ['auto theme in a light-preferring browser', 'auto', 'light', 'rgb(255, 255, 255)'],
  ];
  for (const [name, theme, preferred, background] of themes) {
    it(`is accessible in every state, ${name}`, async function () {
      if (!(await preferColorScheme(preferred))) skipHere(this, `the driver cannot make the browser prefer ${preferred} (media emulation is DevTools-protocol only)`);
      const backend = fakeBackend();
      const el = await fixture<MetorialConnect>(popupElement(backend, { theme }));
      expect(getComputedStyle(el).backgroundColor, 'the theme applies').to.equal(background);
      await expect(el).to.be.accessible();

      const waiting = nextState(el, 'waiting');
      await userClick(part(el, 'button'));
      const { session } = await waiting;
      await el.updateComplete;
      expect(part(el, 'button').getAttribute('aria-busy')).to.equal('true');
      expect(part(el, 'status').getAttribute('role')).to.equal('status');
      await expect(el).to.be.accessible();

      const connected = oneEvent(el, 'connected');
      backend.complete(session.id);
      await sendPopupOn(opened.spy.firstCall.returnValue!, session.redirect_url!);
      await connected;
      await el.updateComplete;
      expect(statusText(el)).to.equal('Connected to GitHub');
      await expect(el).to.be.accessible();

      el.metadata = 'not json';
      const failed = oneEvent(el, 'failed');
      await inClick(() => el.connect());
      await failed;
      await el.updateComplete;
      expect(buttonText(el)).to.equal('Try again');
      expect(part(el, 'status').classList.contains('failed')).to.be.true;
      await expect(el).to.be.accessible();
    });
  }

  it('finishes a redirect-mode flow when the page loads again, and emits its outcome', async () => {
    const backend = fakeBackend();
    const session = await backend.createSession({ provider_id: 'pro_github' }, new AbortController().signal) as { id: string };
    const authConfig = backend.complete(session.id);
    const state = 'returning-state-0123456789';
    const restore = backFromRedirect(session.id, state);
    const connected = oneEvent(document, 'connected') as Promise<ConnectedEvent>;

    try {
      const el = await fixture<MetorialConnect>(popupElement(backend));
      const event = await connected;
      expect(event.target === el, 'from the element').to.be.true;
      expect(event.detail.authConfig).to.deep.equal(authConfig);
      await el.updateComplete;
      expect(statusText(el)).to.equal('Connected to GitHub');
      expect(opened.spy.called).to.be.false;
    } finally {
      restore();
    }
  });

  it('is busy while a redirect-mode flow resumes: aria-busy, and a click starts nothing', async () => {
    const backend = fakeBackend();
    const session = await backend.createSession({ provider_id: 'pro_github' }, new AbortController().signal) as { id: string };
    backend.createSession.resetHistory();
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    // The backend takes its time to answer the resumed flow's read.
    const getSession = async (id: string, signal: AbortSignal) => (await answered, backend.getSession(id, signal));
    const state = 'resuming-state-0123456789';
    const restore = backFromRedirect(session.id, state);

    try {
      const el = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" provider-name="GitHub" ui-mode="popup"
        callback-url=${CALLBACK_PAGE} .createSession=${backend.createSession} .getSession=${getSession}></metorial-connect>`);
      const connected = oneEvent(el, 'connected');
      await waitUntil(() => part(el, 'button').getAttribute('aria-busy') === 'true', 'busy while resuming');
      expect(statusText(el)).to.equal('Waiting for GitHub…');

      await userClick(part(el, 'button'));

      expect(opened.spy.called, 'no popup').to.be.false;
      expect(backend.createSession.called, 'no new session').to.be.false;
      backend.complete(session.id);
      answer();
      await connected;
      await el.updateComplete;
      expect(statusText(el)).to.equal('Connected to GitHub');
    } finally {
      restore();
    }
  });

  it('registers once and tolerates a second define', () => {
    expect(customElements.get('metorial-connect') === MetorialConnect).to.be.true;
    expect(() => MetorialConnect.define()).not.to.throw();
  });

  it('registers in a scoped registry too', function () {
    // Another registry (a scoped one) gets it too; Node has no registry at all.
    let scoped: CustomElementRegistry;
    try {
      scoped = new CustomElementRegistry();
    } catch (error) {
      skipHere(this, `scoped custom element registries are not shipped here (new CustomElementRegistry(): ${error})`);
    }
    MetorialConnect.define('metorial-connect', scoped);
    expect(scoped.get('metorial-connect') === MetorialConnect).to.be.true;
  });
});
