/** The indexed page walk gives exactly what sorting and filtering everything gives. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageOfSorted, type PageOptions } from '../../src/sandbox/api/pagination.js';

/** The straightforward version: sort and filter everything, then cut the page. */
function reference(ids: string[], match: (id: string) => boolean, { order, limit, anchor }: PageOptions) {
  const sign = order === 'asc' ? 1 : -1;
  const sorted = ids.filter(match).sort((a, b) => sign * (a < b ? -1 : a > b ? 1 : 0));
  const relative = (id: string) => (anchor ? sign * (id < anchor.id ? -1 : id > anchor.id ? 1 : 0) : 0);
  if (!anchor) return { items: sorted.slice(0, limit), before: false, after: sorted.length > limit };
  if (anchor.direction === 'after') {
    const candidates = sorted.filter((id) => relative(id) > 0);
    return { items: candidates.slice(0, limit), before: sorted.length > candidates.length, after: candidates.length > limit };
  }
  const candidates = sorted.filter((id) => relative(id) < 0);
  return { items: candidates.slice(Math.max(0, candidates.length - limit)), before: candidates.length > limit, after: sorted.length > candidates.length };
}

describe('pageOfSorted', () => {
  it('matches sort-filter-slice for every order, anchor, limit and filter', () => {
    // A fixed pseudo-random sequence, so a failure is reproducible.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids = [...new Set(Array.from({ length: 60 }, () => `pas_${Math.floor(random() * 1000).toString().padStart(4, '0')}`))].sort();
    const filters: Array<(id: string) => boolean> = [() => true, () => false, (id) => id.endsWith('7'), (id) => Number(id.slice(4)) % 3 === 0];
    const anchors = [undefined, ids[0]!, ids[ids.length - 1]!, ids[17]!, 'pas_0000', 'pas_9999', 'pas_0500x'];
    let cases = 0;
    for (const match of filters) {
      for (const order of ['asc', 'desc'] as const) {
        for (const limit of [1, 3, 20, 100]) {
          for (const anchorId of anchors) {
            for (const direction of ['after', 'before'] as const) {
              const options: PageOptions = { order, limit, ...(anchorId ? { anchor: { direction, id: anchorId } } : {}) };
              const got = pageOfSorted(ids, (id) => id, match, options);
              const want = reference(ids, match, options);
              assert.deepEqual(
                { items: got.items, before: got.pagination.has_more_before, after: got.pagination.has_more_after },
                want,
                JSON.stringify(options),
              );
              cases++;
            }
          }
        }
      }
    }
    assert.ok(cases > 400);
  });
});
