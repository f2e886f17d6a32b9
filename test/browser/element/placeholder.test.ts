/** The popup's placeholder: written into the still blank, same-origin popup right after it opens. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import { writePlaceholder } from '../../../src/element/placeholder.js';
import { SPINNER } from '../../../src/element/spinner.js';
import { loadViews } from '../../../src/element/views-loader.js';
import { fakeBackend, part, popupElement, spyOnWindowOpen } from './helpers.js';
import { userClick } from '../support/user-input.js';
import { inClick } from '../support/user-input.js';

describe('popup placeholder', () => {
  const opened = spyOnWindowOpen();
  const blankPopup = async () => (await inClick(() => window.open('', '_blank', 'popup,width=400,height=300')))!;

  it('writes title and text in the given language and direction, following the theme', async () => {
    const popup = await blankPopup();
    writePlaceholder(popup, { text: 'جارٍ الاتصال بـ GitHub…', lang: 'ar', dir: 'rtl', theme: 'dark' }, SPINNER.cssText);
    const doc = popup.document;
    expect(doc.title).to.equal('جارٍ الاتصال بـ GitHub…');
    expect(doc.body.textContent).to.equal('جارٍ الاتصال بـ GitHub…');
    expect(doc.documentElement.lang).to.equal('ar');
    expect(doc.documentElement.dir).to.equal('rtl');
    expect(popup.getComputedStyle(doc.documentElement).colorScheme).to.equal('dark');
    expect(popup.getComputedStyle(doc.body).display, 'styled').to.equal('flex');

    writePlaceholder(await blankPopup(), { text: 'x', lang: 'en', dir: 'ltr', theme: 'light' }, SPINNER.cssText);
    const auto = await blankPopup();
    writePlaceholder(auto, { text: 'x', lang: 'en', dir: 'ltr', theme: 'auto' }, SPINNER.cssText);
    expect(popup.getComputedStyle(opened.spy.returnValues[1]!.document.documentElement).colorScheme).to.equal('light');
    expect(auto.getComputedStyle(auto.document.documentElement).colorScheme).to.equal('light dark');
  });

  it('puts the provider name in as text, never as markup, and loads nothing from the network', async () => {
    const popup = await blankPopup();
    const hostile = 'Connecting to <img src="https://evil.example/x" onerror="window.opener.pwned=1">…';
    writePlaceholder(popup, { text: hostile, lang: 'en', dir: 'ltr', theme: 'auto' }, SPINNER.cssText);
    const doc = popup.document;
    expect(doc.body.textContent).to.equal(hostile);
    expect(doc.querySelector('img, script, link, iframe, [src], [href]'), 'no element that loads').to.be.null;
    const css = [...doc.adoptedStyleSheets[0]!.cssRules].map((rule) => rule.cssText).join('\n');
    expect(css, 'the style').to.match(/body/);
    expect(css).not.to.match(/url\(|@import/);
  });

  it('has a spinner that stops spinning fast for users who prefer reduced motion', async () => {
    const popup = await blankPopup();
    writePlaceholder(popup, { text: 'x', lang: 'en', dir: 'ltr', theme: 'auto' }, SPINNER.cssText);
    const spinner = popup.document.body;
    expect(popup.getComputedStyle(spinner, '::before').animationName).to.equal('spin');
    const rules = [...popup.document.adoptedStyleSheets[0]!.cssRules];
    // (the popup's own CSSOM classes: instanceof against this window's would not match)
    const reduced = rules.find((r) => /prefers-reduced-motion:\s*reduce/.test((r as CSSMediaRule).conditionText ?? '')) as CSSMediaRule | undefined;
    expect(reduced, 'a reduced-motion rule').to.exist;
    const slowed = [...reduced!.cssRules].find((r) => spinner.matches((r as CSSStyleRule).selectorText.replace('::before', ''))) as CSSStyleRule | undefined;
    expect(slowed?.style.animationDuration).to.equal('4s');
  });

  // The element's wiring: the engine calls `popupPlaceholder` with the blank popup in the click.
  it('the element fills its popup with the placeholder in its language before the session exists', async () => {
    const backend = fakeBackend();
    backend.hold();
    const page = await fixture<HTMLDivElement>(html`<div lang="en">${popupElement(backend)}</div>`);
    const el = page.querySelector('metorial-connect') as MetorialConnect;
    await loadViews(); // (the placeholder is loaded on demand: once the browser is idle after the element connects, or on use)
    await userClick(part(el, 'button'));
    const popup = opened.spy.firstCall.returnValue!;
    expect(popup.document.title).to.equal('Connecting to GitHub…');
    expect(popup.document.documentElement.lang).to.equal('en');
    const cancelled = oneEvent(el, 'cancelled');
    el.cancel();
    await cancelled;
  });
});
