/** Id-based pagination shared by the list endpoints. */
import { compareIds } from '../store.js';

export type Direction = 'after' | 'before';

export interface Page<T> {
  items: T[];
  pagination: {
    has_more_before: boolean;
    has_more_after: boolean;
    /** Opaque cursor for the next page (`?cursor=`), or null at the end. Sandbox addition. */
    next_cursor: string | null;
    /** Opaque cursor for the previous page, or null at the start. Sandbox addition. */
    prev_cursor: string | null;
  };
}

/** A cursor is an opaque token for "items after/before this id". */
export function encodeCursor(direction: Direction, id: string): string {
  return Buffer.from(JSON.stringify({ d: direction, id }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { direction: Direction; id: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { d, id } = parsed as { d?: unknown; id?: unknown };
    if ((d === 'after' || d === 'before') && typeof id === 'string' && id !== '') return { direction: d, id };
  } catch {
    // fall through: not a cursor we made
  }
  return undefined;
}

/**
 * One page of `items` (any order) sorted by id in `order`. `after`/`before` are positions
 * in that order: with `desc`, "after X" means ids smaller than X. The anchor id need not exist.
 */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  options: { order: 'asc' | 'desc'; limit: number; anchor?: { direction: Direction; id: string } },
): Page<T> {
  const sign = options.order === 'asc' ? 1 : -1;
  const sorted = [...items].sort((a, b) => sign * compareIds(a.id, b.id));
  const { anchor, limit } = options;
  /** Position of an id relative to the anchor in the chosen order (<0 before, >0 after). */
  const relative = (id: string) => (anchor ? sign * compareIds(id, anchor.id) : 0);

  let page: T[];
  let hasMoreBefore: boolean;
  let hasMoreAfter: boolean;
  if (!anchor) {
    page = sorted.slice(0, limit);
    hasMoreBefore = false;
    hasMoreAfter = sorted.length > limit;
  } else if (anchor.direction === 'after') {
    const candidates = sorted.filter((item) => relative(item.id) > 0);
    page = candidates.slice(0, limit);
    hasMoreBefore = sorted.length > candidates.length;
    hasMoreAfter = candidates.length > limit;
  } else {
    const candidates = sorted.filter((item) => relative(item.id) < 0);
    page = candidates.slice(Math.max(0, candidates.length - limit));
    hasMoreBefore = candidates.length > limit;
    hasMoreAfter = sorted.length > candidates.length;
  }

  // Cursors point past the page's edges; on an empty page they point at the anchor.
  const firstId = page[0]?.id ?? anchor?.id;
  const lastId = page[page.length - 1]?.id ?? anchor?.id;
  return {
    items: page,
    pagination: {
      has_more_before: hasMoreBefore,
      has_more_after: hasMoreAfter,
      next_cursor: hasMoreAfter && lastId ? encodeCursor('after', lastId) : null,
      prev_cursor: hasMoreBefore && firstId ? encodeCursor('before', firstId) : null,
    },
  };
}
