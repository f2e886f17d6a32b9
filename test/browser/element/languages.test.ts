/** The element speaks the language of the closest `lang`, follows it when it changes, and
 *  takes the host's own words through `messages`. */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import de from '../../../src/element/locales/de.js';
import ar from '../../../src/element/locales/ar.js';
import { EN } from '../../../src/element/messages.js';
import { buttonText, fakeBackend, nextState, part, popupElement, spyOnWindowOpen, statusText } from './helpers.js';
import { dialogOf, iframeElement, openDialog } from './iframe-helpers.js';
import { inClick, userClick } from '../support/user-input.js';

const LOCALES = ['de', 'fr', 'es', 'pt-BR', 'ja', 'ar'];

/** Resolves once the element's button reads `text` (a language module loads asynchronously). */
const labelled = (el: MetorialConnect, text: string) =>
  waitUntil(() => el.hasUpdated && buttonText(el) === text, `button never read "${text}"`);

describe('<metorial-connect> languages', () => {
  const opened = spyOnWindowOpen();

  it('ships every built-in language complete (every string and error code), each different from English', async () => {
    expect(Object.keys(de), 'one message per error code').to.include.members(['invalid_config', 'popup_blocked', 'network', 'backend_error',
      'invalid_session', 'session_failed', 'session_expired', 'timeout', 'iframe_failed', 'unconfirmed']);
    for (const lang of LOCALES) {
      const { default: words } = await import(`../../../src/element/locales/${lang}.ts`);
      // German names every key (the compiler checks it against MetorialConnectMessages), errors included.
      expect(Object.keys(words).sort(), `${lang}: the same keys as German`).to.deep.equal(Object.keys(de).sort());
      for (const key of Object.keys(EN)) expect(words[key], `${lang}: ${key}`).to.be.a('string').and.not.equal(EN[key as keyof typeof EN]);
      for (const key of Object.keys(words).filter((k) => k.includes('{provider}') || EN[k as keyof typeof EN]?.includes('{provider}')))
        expect(words[key], `${lang}: ${key} keeps {provider}`).to.contain('{provider}');
    }
  });

  it('speaks the language of an ancestor’s lang, and follows it when it changes', async () => {
    const page = await fixture<HTMLDivElement>(html`<div lang="de"><section>${popupElement(fakeBackend())}</section></div>`);
    const el = page.querySelector('metorial-connect')!;
    await labelled(el, de.connect);

    page.lang = 'fr-CA'; // a region we have no module for speaks its language
    await labelled(el, 'Connecter');
    page.lang = 'en-GB';
    await labelled(el, 'Connect');
    page.removeAttribute('lang'); // the document's own lang (en) again
    el.lang = 'ja'; // its own lang comes first
    await labelled(el, '接続');
  });

  it('finds lang across a shadow root, on the host of the component that renders it', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="es"></div>`);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    const el = document.createElement('metorial-connect');
    el.providerId = 'pro_github';
    inner.append(el);
    await labelled(el, 'Conectar');
    inner.lang = 'ja'; // inside the shadow root, closer to the element
    await labelled(el, '接続');
  });

  it('shows each state and error in the language: status, Cancel, Try again, the error for its code', async () => {
    const backend = fakeBackend();
    const page = await fixture<HTMLDivElement>(html`<div lang="de">${popupElement(backend)}</div>`);
    const el = page.querySelector('metorial-connect')!;
    await labelled(el, de.connect);
    const waiting = nextState(el, 'waiting');
    await userClick(part(el, 'button'));
    await waiting;
    await el.updateComplete;
    expect(statusText(el)).to.equal('Warten auf GitHub…');
    const cancel = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === de.cancel);
    expect(cancel, 'a Cancel button in German').to.exist;
    const cancelled = oneEvent(el, 'cancelled');
    cancel!.click();
    await cancelled;
    await el.updateComplete;
    expect(statusText(el)).to.equal(de.cancelled);

    opened.spy.restore();
    sinon.stub(window, 'open').returns(null); // the browser blocks the popup
    const failed = oneEvent(el, 'failed');
    await userClick(part(el, 'button'));
    const { detail } = await failed;
    expect(detail.error.message, 'the event keeps the engine’s English').to.match(/popup was blocked/);
    await el.updateComplete;
    expect(statusText(el)).to.equal(de.popup_blocked);
    expect(buttonText(el)).to.equal(de.tryAgain);
  });

  it('shows a backend’s own message for backend_error, and its own words when the backend gave none', async () => {
    const createSession = sinon.stub();
    const el = await fixture<MetorialConnect>(html`<metorial-connect lang="de" provider-id="pro_github" ui-mode="iframe"
      .createSession=${createSession} .getSession=${createSession}></metorial-connect>`);
    await labelled(el, de.connect);
    // A host transport's own error becomes backend_error with the engine's generic message.
    createSession.rejects(new Error('axios: 500'));
    let failed = nextState(el, 'failed');
    el.connect();
    expect((await failed).error.code).to.equal('backend_error');
    await el.updateComplete;
    expect(statusText(el)).to.equal(de.backend_error);

    // The host backend's own answer, through the HTTP transport.
    const fetch = sinon.stub(window, 'fetch').resolves(new Response(JSON.stringify({ error: { code: 'quota', message: 'Kontingent erschöpft.' } }), { status: 503 }));
    el.createSession = el.getSession = undefined;
    el.endpoint = '/api/connect';
    failed = nextState(el, 'failed');
    el.connect();
    expect((await failed).error.code).to.equal('backend_error');
    expect(fetch.called).to.be.true;
    await el.updateComplete;
    expect(statusText(el)).to.equal('Kontingent erschöpft.');
  });

  it('takes the host’s own words from the messages property, over the language’s', async () => {
    const backend = fakeBackend();
    const page = await fixture<HTMLDivElement>(html`<div lang="de">${popupElement(backend)}</div>`);
    const el = page.querySelector('metorial-connect')!;
    await labelled(el, de.connect);
    el.messages = { connect: 'GitHub verknüpfen', waiting: 'Einen Moment, {provider} antwortet…', popup_blocked: 'Bitte Pop-ups erlauben.' };
    await el.updateComplete;
    expect(el.hasAttribute('messages'), 'a property only').to.be.false;
    expect(buttonText(el)).to.equal('GitHub verknüpfen');
    const waiting = nextState(el, 'waiting');
    await inClick(() => el.connect()); // (a popup: it needs the user's click)
    await waiting;
    await el.updateComplete;
    expect(statusText(el)).to.equal('Einen Moment, GitHub antwortet…');
    el.cancel();
  });

  it('lays out right to left under dir="rtl" (Arabic): button first on the right, the dialog mirrored', async () => {
    const backend = fakeBackend('iframe', 'token');
    const page = await fixture<HTMLDivElement>(html`<div lang="ar" dir="rtl">${iframeElement(backend)}</div>`);
    const el = page.querySelector('metorial-connect')!;
    await labelled(el, ar.connect);
    const waiting = nextState(el, 'waiting');
    await userClick(part(el, 'button'));
    await waiting;
    await el.updateComplete;
    const main = part(el, 'button').getBoundingClientRect();
    const cancel = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === ar.cancel)!.getBoundingClientRect();
    expect(cancel.right, 'Cancel follows the main button to its left').to.be.at.most(main.left);
    el.cancel();
    await el.updateComplete;

    await openDialog(el);
    const dialog = dialogOf(el);
    const title = dialog.querySelector('h2')!.getBoundingClientRect();
    const close = dialog.querySelector(`button[aria-label="${ar.close}"]`)!.getBoundingClientRect();
    expect(close.right, 'Close on the left of the title').to.be.at.most(title.left);
    expect(dialog.querySelector('h2')!.textContent).to.equal('ربط GitHub');
    expect(getComputedStyle(dialog.querySelector('header')!).paddingRight, 'title inset on the start (right) side').to.equal('16px');
    await expect(el).to.be.accessible();
    el.cancel();
  });
});
