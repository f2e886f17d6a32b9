/** Outcomes as upstream: `expired` is computed on read, a consent begun in time completes after
 *  `expires_at`, and a failed session completes when its OAuth step is run again. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SetupSession } from '../../src/shared/session.js';
import { fetchCallback, location, parseForm, runFlow, startTestSandbox, submitForm, walkToCallback, type TestSandbox } from './helpers.js';

const REDIRECT = 'https://app.example.com/connected';

describe('sandbox outcomes', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());
  const status = async (id: string) => (await sb.api('GET', `/provider-setup-sessions/${id}`)).body.status;

  /** Runs the OAuth start again (POST with the page's client secret, as its Continue does) and
   *  answers the consent; returns the callback's response. */
  async function retryOAuth(session: SetupSession, decision: 'Allow' | 'Deny') {
    const start = await fetch(new URL(`/setup/${session.id}/start`, session.url), {
      method: 'POST',
      body: new URLSearchParams({ client_secret: new URL(session.url).searchParams.get('client_secret')! }),
      redirect: 'manual',
    });
    assert.equal(start.status, 303);
    const cookie = start.headers.getSetCookie().map((line) => line.split(';')[0]!).join('; ');
    const authorizeUrl = location(start, session.url);
    const consent = await (await fetch(authorizeUrl)).text();
    const decided = await submitForm(authorizeUrl, parseForm(consent), decision);
    return fetchCallback(location(decided, authorizeUrl), cookie);
  }

  it('computes expired on read only, and completes a consent begun before expires_at after it', async () => {
    const s = await sb.createSession({ redirect_url: REDIRECT });
    sb.clock.advance(29 * 60_000 + 30_000); // Continue 30 s before expires_at
    const { callbackUrl, cookie } = await walkToCallback(s, 'Allow');
    sb.clock.advance(40_000); // the user allows; the callback lands 10 s after expires_at
    assert.equal(await status(s.id), 'expired', 'read while the user is at the provider');
    const callback = await fetchCallback(callbackUrl, cookie);
    assert.equal(callback.status, 302);
    assert.equal(callback.headers.get('location'), REDIRECT);
    assert.equal(await status(s.id), 'completed');
    const expired = await sb.api('GET', `/provider-setup-sessions?status=expired&id=${s.id}`);
    assert.deepEqual(expired.body.items, []);
  });

  it('closes the OAuth step 30 minutes after Continue: a later callback changes nothing, never 500', async () => {
    const s = await sb.createSession({ redirect_url: REDIRECT });
    sb.clock.advance(20 * 60_000);
    const { callbackUrl, cookie } = await walkToCallback(s, 'Allow');
    sb.clock.advance(30 * 60_000);
    const callback = await fetchCallback(callbackUrl, cookie);
    assert.equal(callback.status, 410);
    assert.match(await callback.text(), /This sign-in took too long/);
    assert.equal(await status(s.id), 'expired');
  });

  it('does not let a session past expires_at start its OAuth step', async () => {
    const s = await sb.createSession();
    const page = await (await fetch(s.url)).text();
    sb.clock.advance(30 * 60_000);
    const start = await submitForm(s.url, parseForm(page), 'Continue');
    assert.equal(start.status, 200);
    assert.match(await start.text(), /This setup link expired/);
  });

  it('a failed session becomes completed when its OAuth step is run again and succeeds', async () => {
    const s = await sb.createSession({ redirect_url: REDIRECT });
    const denied = await runFlow(s, 'Deny');
    assert.equal(denied.response.headers.get('location'), REDIRECT);
    assert.equal(await status(s.id), 'failed');

    // Denied again: still failed (the newer reason), nothing created.
    await retryOAuth(s, 'Deny');
    assert.equal(await status(s.id), 'failed');

    const allowed = await retryOAuth(s, 'Allow');
    assert.equal(allowed.status, 302);
    assert.equal(allowed.headers.get('location'), REDIRECT);
    const done = (await sb.api('GET', `/provider-setup-sessions/${s.id}`)).body;
    assert.equal(done.status, 'completed');
    assert.match(done.auth_config.id, /^pac_/);

    // Completed is final: the stale first callback and a new start change nothing.
    const again = await fetchCallback(denied.callbackUrl, denied.cookie);
    assert.equal(again.status, 409);
    assert.equal(await status(s.id), 'completed');
    const restart = await fetch(new URL(`/setup/${s.id}/start`, s.url), {
      method: 'POST',
      body: new URLSearchParams({ client_secret: new URL(s.url).searchParams.get('client_secret')! }),
      redirect: 'manual',
    });
    assert.equal(restart.status, 200);
    assert.match(await restart.text(), /GitHub connected/);
  });

  it('a failed session past expires_at can no longer run its OAuth step', async () => {
    const s = await sb.createSession();
    await runFlow(s, 'Deny');
    sb.clock.advance(30 * 60_000);
    assert.equal(await status(s.id), 'failed', 'expired is computed for pending sessions only');
    const start = await fetch(new URL(`/setup/${s.id}/start`, s.url), {
      method: 'POST',
      body: new URLSearchParams({ client_secret: new URL(s.url).searchParams.get('client_secret')! }),
      redirect: 'manual',
    });
    assert.equal(start.status, 200);
    assert.match(await start.text(), /Couldn&#39;t connect GitHub/);
  });
});
