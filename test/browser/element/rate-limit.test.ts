/** A rate-limited backend (429, as the helper answers it): the element says so in words, with
 *  the seconds to wait (in English the helper's own words, in other languages its own); "Try
 *  again" sends nothing before then. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { MetorialConnect } from '../../../src/element/metorial-connect.js';
import de from '../../../src/element/locales/de.js';
import { buttonText, nextState, part, spyOnWindowOpen, statusText } from './helpers.js';
import { inClick, userClick } from '../support/user-input.js';

const limited = (seconds: number) =>
  new Response(JSON.stringify({ error: { code: 'rate_limited', message: `Too many attempts. Please try again in ${seconds} s.`, retry_after_seconds: seconds } }), {
    status: 429,
    headers: { 'Content-Type': 'application/json' },
  });

describe('<metorial-connect> rate limited', () => {
  spyOnWindowOpen();

  it('shows "Too many attempts…" with the seconds; Try again before then sends nothing, after then it asks again', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    const fetch = sinon.stub(window, 'fetch').callsFake(async () => limited(42));
    const el = await fixture<MetorialConnect>(html`<metorial-connect provider-id="pro_github" endpoint="/api/connect" ui-mode="popup"></metorial-connect>`);
    let failed = nextState(el, 'failed');
    await userClick(part(el, 'button'));
    expect((await failed).error).to.include({ code: 'rate_limited', retryAfter: 42 });
    await el.updateComplete;
    expect(statusText(el)).to.equal('Too many attempts. Please try again in 42 s.');
    expect(buttonText(el)).to.equal('Try again');
    expect(fetch.callCount).to.equal(1);

    clock.tick(41_999);
    await userClick(part(el, 'button'));
    await el.updateComplete;
    expect(fetch.callCount, 'no request before the 42 s').to.equal(1);
    expect(statusText(el), 'the words stay').to.equal('Too many attempts. Please try again in 42 s.');

    clock.tick(1);
    failed = nextState(el, 'failed');
    await userClick(part(el, 'button'));
    await failed;
    expect(fetch.callCount, 'once the wait is over, one request').to.equal(2);
  });

  it('in German, and in the host’s own words with {seconds}', async () => {
    sinon.stub(window, 'fetch').callsFake(async () => limited(7));
    const page = await fixture<HTMLDivElement>(html`<div lang="de"><metorial-connect provider-id="pro_github" endpoint="/api/connect" ui-mode="popup"></metorial-connect></div>`);
    const el = page.querySelector('metorial-connect')!;
    await waitUntil(() => el.hasUpdated && buttonText(el) === de.connect, 'German never loaded');
    const failed = nextState(el, 'failed');
    await inClick(() => el.connect());
    await failed;
    await el.updateComplete;
    expect(statusText(el)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 7 s erneut.');

    el.messages = { rate_limited: 'Slow down: {seconds} seconds.' };
    await el.updateComplete;
    expect(statusText(el)).to.equal('Slow down: 7 seconds.');
  });
});
