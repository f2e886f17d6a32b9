import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CATALOG } from '../../src/sandbox/index.js';
import type { SetupSession } from '../../src/shared/session.js';
import { assertError, runFlow, startTestSandbox, type TestSandbox } from './helpers.js';

/** As upstream: two flags and no cursor. */
type Pagination = { has_more_before: boolean; has_more_after: boolean };
type ListBody = { object: 'list'; items: SetupSession[]; pagination: Pagination };

describe('sandbox list: pagination and filters', () => {
  let sb: TestSandbox;
  /** Every session, as listed unfiltered (ascending id). */
  let all: SetupSession[];

  const list = async (query: string): Promise<ListBody> => {
    const res = await sb.api('GET', `/provider-setup-sessions${query ? `?${query}` : ''}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.object, 'list');
    return res.body;
  };
  const ids = (items: SetupSession[]) => items.map((s) => s.id);

  before(async () => {
    sb = await startTestSandbox();
    // Three sessions that will have expired by the time the rest exist.
    for (let i = 0; i < 3; i++) await sb.createSession({ name: `early ${i}` });
    sb.clock.advance(1800 * 1000);

    // OAuth providers that ask nothing before consent (runFlow walks straight to Continue).
    const plainOAuth = CATALOG.filter((e) => e.credentials.length > 0 && Object.keys(e.provider.auth_methods[0]!.input_schema.schema).length === 0);
    const created: SetupSession[] = [];
    for (let i = 0; i < 22; i++) {
      const entry = plainOAuth[i % plainOAuth.length]!;
      created.push(
        await sb.createSession({
          provider_id: entry.provider.id,
          provider_deployment_id: entry.deployments[i % 3 === 0 ? 1 : 0]!.id,
          provider_auth_credentials_id: entry.credentials[i % 4 === 0 ? 1 : 0]!.id,
        }),
      );
      sb.clock.advance(i % 2); // some share a millisecond, some do not
    }
    for (const s of created.slice(0, 3)) await runFlow(s, 'Allow');
    for (const s of created.slice(3, 5)) await runFlow(s, 'Deny');

    all = (await list('limit=100')).items;
    assert.equal(all.length, 25);
  });
  after(() => sb.close());

  it('defaults to 20 items in ascending id order', async () => {
    const page = await list('');
    assert.equal(page.items.length, 20);
    assert.deepEqual(ids(page.items), ids(all).slice(0, 20));
    assert.deepEqual([...ids(all)].sort(), ids(all));
    assert.equal(page.pagination.has_more_before, false);
    assert.equal(page.pagination.has_more_after, true);
  });

  for (const order of ['asc', 'desc'] as const) {
    for (const via of ['cursor', 'ids'] as const) {
      it(`walks every page forwards and backwards (${order}, ${via === 'cursor' ? 'cursor=<last id>' : 'after/before'})`, async () => {
        const expected = order === 'asc' ? ids(all) : [...ids(all)].reverse();
        const limit = 7;

        // Forwards from the first page.
        const forwards: string[] = [];
        let page = await list(`order=${order}&limit=${limit}`);
        const pages = [page];
        assert.equal(page.pagination.has_more_before, false);
        forwards.push(...ids(page.items));
        while (page.pagination.has_more_after) {
          const last = page.items[page.items.length - 1]!.id;
          // Upstream hands out no cursor; the reference's `cursor` takes an item id to page after.
          const next = via === 'cursor' ? `cursor=${last}` : `after=${last}`;
          page = await list(`order=${order}&limit=${limit}&${next}`);
          assert.equal(page.pagination.has_more_before, true);
          pages.push(page);
          forwards.push(...ids(page.items));
        }
        assert.deepEqual(forwards, expected);
        assert.equal(pages.length, Math.ceil(expected.length / limit));
        assert.deepEqual(Object.keys(page.pagination).sort(), ['has_more_after', 'has_more_before']);

        // Backwards from the last page.
        const backwards: string[][] = [ids(page.items)];
        while (page.pagination.has_more_before) {
          const first = page.items[0]!.id;
          const previous = `before=${first}`;
          page = await list(`order=${order}&limit=${limit}&${previous}`);
          assert.equal(page.pagination.has_more_after, true);
          assert.ok(page.items.length <= limit);
          backwards.unshift(ids(page.items));
        }
        assert.deepEqual(backwards.flat(), expected);
      });
    }
  }

  it('pages from an id that is not in the list', async () => {
    const middle = all[10]!.id;
    const deleted = await sb.createSession();
    await sb.api('DELETE', `/provider-setup-sessions/${deleted.id}`);
    // An anchor id past every item: nothing after it, everything before it.
    const afterEnd = await list(`after=${deleted.id}`);
    assert.deepEqual(afterEnd.items, []);
    assert.deepEqual(afterEnd.pagination, { has_more_before: true, has_more_after: false });
    const back = await list(`before=${deleted.id}&limit=100`);
    assert.deepEqual(ids(back.items), ids(all));

    const fromMiddle = await list(`after=${middle}&limit=3`);
    assert.deepEqual(ids(fromMiddle.items), ids(all).slice(11, 14));
  });

  it('rejects bad paging parameters', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=5&limit=6', 'order=sideways', 'status=unknown', 'status=pending,failed']) {
      const res = await sb.api('GET', `/provider-setup-sessions?${query}`);
      const body = assertError(res, 400, 'invalid_data');
      assert.equal(body.errors.length, 1, query);
    }
  });

  it('takes after, before and cursor together, after first, as upstream', async () => {
    const [a, , , , , f] = ids(all);
    const afterWins = await list(`before=${f}&cursor=${f}&after=${a}&limit=2`);
    assert.deepEqual(ids(afterWins.items), ids(all).slice(1, 3));
    const beforeWins = await list(`cursor=${a}&before=${f}&limit=2`);
    assert.deepEqual(ids(beforeWins.items), ids(all).slice(3, 5));
  });

  describe('filters', () => {
    const filterCases: Array<[string, (s: SetupSession) => string | null | undefined]> = [
      ['id', (s) => s.id],
      ['provider_id', (s) => s.provider_id],
      ['provider_deployment_id', (s) => s.deployment?.id],
      ['provider_auth_method_id', (s) => s.auth_method.id],
      ['provider_auth_config_id', (s) => s.auth_config?.id],
      ['provider_auth_credentials_id', (s) => s.credentials?.id],
      ['status', (s) => s.status],
    ];

    /** Two distinct values of a field that occur in the data. */
    const valuesOf = (field: (s: SetupSession) => string | null | undefined) => [
      ...new Set(all.map(field).filter((v): v is string => typeof v === 'string')),
    ];

    for (const [name, field] of filterCases) {
      it(`filters by ${name}, single and multi-valued`, async () => {
        const values = valuesOf(field);
        assert.ok(values.length >= 2, `test data has two ${name} values`);
        const [a, b] = values as [string, string];
        const expectOne = all.filter((s) => field(s) === a);
        const expectTwo = all.filter((s) => field(s) === a || field(s) === b);
        assert.ok(expectOne.length < all.length);

        assert.deepEqual(ids((await list(`${name}=${encodeURIComponent(a)}&limit=100`)).items), ids(expectOne));
        const repeated = await list(`${name}=${encodeURIComponent(a)}&${name}=${encodeURIComponent(b)}&limit=100`);
        assert.deepEqual(ids(repeated.items), ids(expectTwo));
        const bracketed = await list(`${name}[0]=${encodeURIComponent(a)}&${name}[1]=${encodeURIComponent(b)}&limit=100`);
        assert.deepEqual(ids(bracketed.items), ids(expectTwo));
        // A comma is not a separator: one value, which matches nothing (for status: not a status).
        const commas = await sb.api('GET', `/provider-setup-sessions?${name}=${encodeURIComponent(`${a},${b}`)}&limit=100`);
        if (name === 'status') assertError(commas, 400, 'invalid_data');
        else assert.deepEqual(commas.body.items, []);
      });
    }

    it('sees every status, computed expired included', () => {
      const counts = Object.fromEntries(valuesOf((s) => s.status).map((st) => [st, all.filter((s) => s.status === st).length]));
      assert.deepEqual(counts, { expired: 3, pending: 17, completed: 3, failed: 2 });
    });

    it('combines filters (AND across fields) and pages through the result', async () => {
      const github = CATALOG[0]!;
      const expected = all.filter(
        (s) => s.provider_id === github.provider.id && (s.status === 'pending' || s.status === 'expired'),
      );
      assert.ok(expected.length >= 3);
      const first = await list(`provider_id=${github.provider.id}&status=pending&status=expired&limit=2`);
      assert.deepEqual(ids(first.items), ids(expected).slice(0, 2));
      assert.equal(first.pagination.has_more_after, true);
      const second = await list(`provider_id=${github.provider.id}&status[]=pending&status[]=expired&limit=2&after=${first.items[1]!.id}`);
      assert.deepEqual(ids(second.items), ids(expected).slice(2, 4));

      const none = await list(`provider_id=${github.provider.id}&provider_deployment_id=${CATALOG[1]!.deployments[0]!.id}`);
      assert.deepEqual(none.items, []);
      assert.equal(none.pagination.has_more_after, false);
    });
  });
});
