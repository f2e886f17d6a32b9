import { randomBytes } from 'node:crypto';

/** Base62 digits in ASCII order, so that string order equals numeric order. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TIME_LENGTH = 9;
const RANDOM_LENGTH = 13;

/** Upstream id shape: prefix, 9 base36 time characters, 13 base62 random characters. */
export const ID_PATTERN = /^[a-z]+_[0-9a-z]{9}[0-9A-Za-z]{13}$/;

export function isWellFormedId(value: string, prefix?: string): boolean {
  return ID_PATTERN.test(value) && (prefix === undefined || value.startsWith(`${prefix}_`));
}

/** A uniformly random base62 string (rejection sampling avoids modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/**
 * Makes upstream-style ids that sort by creation time. Within one millisecond (or if the
 * clock steps back) the random part of the previous id is incremented instead of redrawn,
 * so ids are strictly increasing across the whole generator, as in monotonic ULIDs.
 */
export function createIdGenerator(now: () => number = Date.now) {
  let lastTime = -1;
  let lastRandom: number[] = [];

  return function nextId(prefix: string): string {
    const time = Math.max(now(), lastTime);
    if (time === lastTime) {
      lastRandom = increment(lastRandom);
    } else {
      lastTime = time;
      lastRandom = Array.from(randomBase62(RANDOM_LENGTH), (ch) => BASE62.indexOf(ch));
      // Leave headroom so increments within one millisecond never overflow.
      lastRandom[0] = Math.min(lastRandom[0]!, 60);
    }
    const timePart = time.toString(36).padStart(TIME_LENGTH, '0').slice(-TIME_LENGTH);
    return `${prefix}_${timePart}${lastRandom.map((d) => BASE62[d]).join('')}`;
  };
}

function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 61) {
      next[i] = next[i]! + 1;
      return next;
    }
    next[i] = 0;
  }
  throw new Error('id space for this millisecond exhausted');
}
