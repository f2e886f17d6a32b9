/** Id-based pagination shared by the list endpoints. */
import { compareIds, lowerBound } from '../store.js';

export type Direction = 'after' | 'before';

/** As upstream: two flags and no cursor (a portable client pages with the last item's id). */
export interface Page<T> {
  items: T[];
  pagination: {
    has_more_before: boolean;
    has_more_after: boolean;
  };
}

export interface PageOptions {
  order: 'asc' | 'desc';
  limit: number;
  anchor?: { direction: Direction; id: string };
}

/**
 * One page from `ids`, an array sorted ascending (the store's index), keeping only the items
 * `get` returns that `match` accepts. `after`/`before` are positions in the chosen order: with
 * `desc`, "after X" means ids smaller than X. The anchor id need not exist.
 *
 * Cost: a binary search for the anchor, then a walk from it that stops after `limit + 1`
 * matching items, plus a walk the other way that stops at the first match (for
 * `has_more_*`). Without filters that is O(log n + limit); a filter adds the items it skips.
 */
export function pageOfSorted<T>(
  ids: readonly string[],
  get: (id: string) => T | undefined,
  match: (item: T) => boolean,
  options: PageOptions,
): Page<T> {
  const n = ids.length;
  const desc = options.order === 'desc';
  /** The k-th position in the chosen order. */
  const at = (k: number) => (desc ? ids[n - 1 - k]! : ids[k]!);
  /** Matching items (with their ids) from position `from`, going `step` (±1), at most `max`. */
  const collect = (from: number, step: 1 | -1, max: number) => {
    const found: Array<{ id: string; item: T }> = [];
    for (let k = from; k >= 0 && k < n && found.length < max; k += step) {
      const id = at(k);
      const item = get(id);
      if (item !== undefined && match(item)) found.push({ id, item });
    }
    return found;
  };
  const { anchor, limit } = options;

  let page: Array<{ id: string; item: T }>;
  let hasMoreBefore: boolean;
  let hasMoreAfter: boolean;
  if (!anchor) {
    const found = collect(0, 1, limit + 1);
    page = found.slice(0, limit);
    hasMoreBefore = false;
    hasMoreAfter = found.length > limit;
  } else {
    // Positions (in the chosen order) that come before the anchor, and those not after it.
    const beforeAnchor = desc ? n - lowerBound(ids, anchor.id, true) : lowerBound(ids, anchor.id);
    const notAfterAnchor = desc ? n - lowerBound(ids, anchor.id) : lowerBound(ids, anchor.id, true);
    if (anchor.direction === 'after') {
      const found = collect(notAfterAnchor, 1, limit + 1);
      page = found.slice(0, limit);
      hasMoreAfter = found.length > limit;
      hasMoreBefore = collect(notAfterAnchor - 1, -1, 1).length > 0;
    } else {
      const found = collect(beforeAnchor - 1, -1, limit + 1);
      page = found.slice(0, limit).reverse();
      hasMoreBefore = found.length > limit;
      hasMoreAfter = collect(beforeAnchor, 1, 1).length > 0;
    }
  }

  return {
    items: page.map(({ item }) => item),
    pagination: { has_more_before: hasMoreBefore, has_more_after: hasMoreAfter },
  };
}

/** One page of `items` given in any order (small lists such as the catalog). */
export function paginate<T extends { id: string }>(items: readonly T[], options: PageOptions): Page<T> {
  const byId = new Map(items.map((item) => [item.id, item]));
  return pageOfSorted([...byId.keys()].sort(compareIds), (id) => byId.get(id), () => true, options);
}
