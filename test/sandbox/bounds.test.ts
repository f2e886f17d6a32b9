/** The sandbox stays bounded: session retention and cap, capped OAuth grants. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore, type SessionRecord } from '../../src/sandbox/index.js';
import { assertError, parseForm, startTestSandbox, submitForm } from './helpers.js';

/** A minimal record: the store looks only at the id and `expires_at`. */
const record = (id: string, expiresAt = '2026-01-15T12:30:00.000Z') =>
  ({ session: { id, expires_at: expiresAt }, clientSecret: '', authorization: null, answeredAuthorization: null, accessToken: null, failureReason: null }) as unknown as SessionRecord;

describe('MemoryStore', () => {
  it('keeps its id index sorted whatever the insertion order, and after deletes', () => {
    const store = new MemoryStore();
    const ids = ['pas_c', 'pas_a', 'pas_e', 'pas_b', 'pas_d'];
    for (const id of ids) store.insert(record(id));
    store.insert(record('pas_c')); // replacing keeps one entry
    assert.deepEqual(store.ids(), [...ids].sort());
    assert.equal(store.delete('pas_c'), true);
    assert.equal(store.delete('pas_c'), false);
    assert.deepEqual(store.ids(), ['pas_a', 'pas_b', 'pas_d', 'pas_e']);
    assert.equal(store.get('pas_c'), undefined);
  });

  it('evicts the oldest ids beyond maxSessions', () => {
    const store = new MemoryStore({ maxSessions: 3 });
    for (const id of ['pas_b', 'pas_a', 'pas_d', 'pas_c', 'pas_e']) store.insert(record(id));
    assert.deepEqual(store.ids(), ['pas_c', 'pas_d', 'pas_e']);
    assert.equal(store.get('pas_a'), undefined);
    assert.equal(store.size, 3);
  });

  it('drops sessions retentionMs after expires_at, oldest first, and stops at the first one kept', () => {
    const store = new MemoryStore({ retentionMs: 1000 });
    store.insert(record('pas_a', '2026-01-15T12:00:00.000Z'));
    store.insert(record('pas_b', '2026-01-15T12:00:01.000Z'));
    const expiry = Date.parse('2026-01-15T12:00:00.000Z');
    store.sweep(expiry + 999);
    assert.deepEqual(store.ids(), ['pas_a', 'pas_b']);
    store.sweep(expiry + 1000);
    assert.deepEqual(store.ids(), ['pas_b']);
    assert.equal(store.get('pas_a'), undefined);
  });
});

describe('sandbox session cap and retention over HTTP', () => {
  it('keeps at most maxSessions, evicting the oldest', async () => {
    const sb = await startTestSandbox({ maxSessions: 5 });
    try {
      const created = [];
      for (let i = 0; i < 7; i++) {
        created.push(await sb.createSession());
        sb.clock.advance(1);
      }
      const listed = (await sb.api('GET', '/provider-setup-sessions?limit=100')).body.items.map((s: { id: string }) => s.id);
      assert.deepEqual(listed, created.slice(2).map((s) => s.id));
      assertError(await sb.api('GET', `/provider-setup-sessions/${created[0]!.id}`), 404, 'not_found');
      assert.match(await (await fetch(created[1]!.url)).text(), /Setup link not found/, 'its setup page is gone too');
    } finally {
      await sb.close();
    }
  });

  it('reads an expired session until the retention after expires_at has passed, then forgets it', async () => {
    const sb = await startTestSandbox({ sessionTtlSeconds: 60, retentionSeconds: 120 });
    try {
      const s = await sb.createSession();
      sb.clock.advance((60 + 120) * 1000 - 1);
      const late = await sb.api('GET', `/provider-setup-sessions/${s.id}`);
      assert.equal(late.body.status, 'expired');
      sb.clock.advance(1);
      assertError(await sb.api('GET', `/provider-setup-sessions/${s.id}`), 404, 'not_found');
      assert.deepEqual((await sb.api('GET', '/provider-setup-sessions')).body.items, []);
    } finally {
      await sb.close();
    }
  });
});

describe('demo OAuth provider bounds', () => {
  const authorizeUrl = (sandboxUrl: string, params: Record<string, string> = {}) => {
    const url = new URL('/demo-oauth/authorize', sandboxUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'demo_client_par_0mfkzg2iwHkxgjfwRTs3Q6',
      redirect_uri: `${sandboxUrl}/oauth/callback`,
      scope: 'repo',
      state: 'state-1',
      code_challenge: 'A'.repeat(43),
      code_challenge_method: 'S256',
      ...params,
    }).toString();
    return url.href;
  };

  it('keeps at most maxOAuthGrants unanswered consent requests, forgetting the oldest', async () => {
    const sb = await startTestSandbox({ maxOAuthGrants: 3 });
    try {
      const forms = [];
      for (let i = 0; i < 4; i++) {
        const url = authorizeUrl(sb.url, { state: `state-${i}` });
        const page = await fetch(url);
        assert.equal(page.status, 200);
        forms.push({ url, form: parseForm(await page.text()) });
      }
      const oldest = await submitForm(forms[0]!.url, forms[0]!.form, 'Allow');
      assert.equal(oldest.status, 400, 'the oldest request was evicted');
      assert.match(await oldest.text(), /expired or was already answered/);
      for (const { url, form } of forms.slice(1)) {
        const answered = await submitForm(url, form, 'Allow');
        assert.equal(answered.status, 302);
        assert.match(answered.headers.get('location')!, /[?&]code=/);
      }
    } finally {
      await sb.close();
    }
  });

  it('refuses an oversized state or scope instead of storing it', async () => {
    const sb = await startTestSandbox();
    try {
      const longState = await fetch(authorizeUrl(sb.url, { state: 's'.repeat(513) }), { redirect: 'manual' });
      assert.equal(longState.status, 400);
      assert.doesNotMatch(longState.headers.get('location') ?? '', /s{513}/);
      // Not echoed by an earlier error's redirect either.
      const longStateBadType = await fetch(authorizeUrl(sb.url, { state: 's'.repeat(513), response_type: 'token' }), { redirect: 'manual' });
      assert.equal(longStateBadType.status, 400);
      assert.doesNotMatch(longStateBadType.headers.get('location') ?? '', /s{513}/);
      const longScope = await fetch(authorizeUrl(sb.url, { scope: 'x'.repeat(1025) }), { redirect: 'manual' });
      assert.equal(longScope.status, 302);
      assert.equal(new URL(longScope.headers.get('location')!).searchParams.get('error'), 'invalid_scope');
      assert.equal((await fetch(authorizeUrl(sb.url, { state: 's'.repeat(512) }))).status, 200);
    } finally {
      await sb.close();
    }
  });
});
